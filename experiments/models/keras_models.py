"""The workloads as Keras 3 models on TensorFlow (NHWC images), with their loss and optimizer.

Attribute names match `torch_models` one for one: weight copying pairs layers by these names."""
from __future__ import annotations

import math
from contextlib import contextmanager

import keras
import tensorflow as tf
from keras import layers, ops

from experiments.models import hparams as hp


class Linear(keras.Model):
    def __init__(self, p: hp.Linear):
        super().__init__()
        self.linear = layers.Dense(p.outputs)

    def call(self, x, training=None):
        return self.linear(x)


class MLP(keras.Model):
    def __init__(self, p: hp.MLP):
        super().__init__()
        self.flatten = layers.Flatten()
        self.hidden = [layers.Dense(width, activation="relu") for width in p.hidden]
        self.head = layers.Dense(p.classes)

    def call(self, images, training=None):
        x = self.flatten(images)
        for layer in self.hidden:
            x = layer(x)
        return self.head(x)


def batch_norm(p: hp.CNN) -> layers.BatchNormalization:
    return layers.BatchNormalization(momentum=p.bn_decay, epsilon=p.bn_eps)


class BasicBlock(layers.Layer):
    def __init__(self, c_out: int, stride: int, projection: bool, p: hp.CNN, **kwargs):
        super().__init__(**kwargs)
        # Explicit 1-pixel padding, as PyTorch's padding=1: Keras "same" with stride 2 pads right/bottom only.
        self.pad = layers.ZeroPadding2D(1)
        self.conv1 = layers.Conv2D(c_out, 3, strides=stride, use_bias=False)
        self.bn1 = batch_norm(p)
        self.conv2 = layers.Conv2D(c_out, 3, use_bias=False)
        self.bn2 = batch_norm(p)
        self.projection = projection
        if projection:
            self.shortcut_conv = layers.Conv2D(c_out, 1, strides=stride, use_bias=False)
            self.shortcut_bn = batch_norm(p)

    def call(self, x, training=None):
        out = ops.relu(self.bn1(self.conv1(self.pad(x)), training=training))
        out = self.bn2(self.conv2(self.pad(out)), training=training)
        shortcut = self.shortcut_bn(self.shortcut_conv(x), training=training) if self.projection else x
        return ops.relu(out + shortcut)


class ResNet(keras.Model):
    def __init__(self, p: hp.CNN):
        super().__init__()
        self.pad = layers.ZeroPadding2D(1)
        self.stem_conv = layers.Conv2D(p.widths[0], 3, use_bias=False)
        self.stem_bn = batch_norm(p)
        c_in, self.blocks = p.widths[0], []
        for stage, width in enumerate(p.widths):
            stride = 1 if stage == 0 else 2
            self.blocks.append(BasicBlock(width, stride, stride != 1 or c_in != width, p))
            c_in = width
        self.pool = layers.GlobalAveragePooling2D()
        self.head = layers.Dense(p.classes)

    def call(self, images, training=None):
        x = ops.relu(self.stem_bn(self.stem_conv(self.pad(images)), training=training))
        for block in self.blocks:
            x = block(x, training=training)
        return self.head(self.pool(x))


class LSTMClassifier(keras.Model):
    def __init__(self, p: hp.LSTM):
        super().__init__()
        self.embedding = layers.Embedding(p.vocab, p.embed)
        self.lstm = layers.LSTM(p.hidden)
        self.head = layers.Dense(p.classes)

    def call(self, tokens, training=None):
        return self.head(self.lstm(self.embedding(tokens), training=training))


def exact_gelu(x):
    """x * Phi(x) written with erf, as PyTorch's default GELU computes it. Keras' "gelu" uses erfc, which
    ONNX has no operator for: tf2onnx leaves the node unconverted and ONNX Runtime refuses the model."""
    return 0.5 * x * (1.0 + ops.erf(x * (1.0 / math.sqrt(2.0))))


class DecoderBlock(layers.Layer):
    def __init__(self, p: hp.Transformer, **kwargs):
        super().__init__(**kwargs)
        self.ln1 = layers.LayerNormalization(epsilon=p.ln_eps)
        self.attn = layers.MultiHeadAttention(p.heads, key_dim=p.d_model // p.heads)
        self.ln2 = layers.LayerNormalization(epsilon=p.ln_eps)
        self.ff1 = layers.Dense(p.ff, activation=exact_gelu)
        self.ff2 = layers.Dense(p.d_model)

    def call(self, x, training=None):
        h = self.ln1(x)
        x = x + self.attn(h, h, use_causal_mask=True, training=training)
        return x + self.ff2(self.ff1(self.ln2(x)))


class DecoderLM(keras.Model):
    def __init__(self, p: hp.Transformer):
        super().__init__()
        self.token_embedding = layers.Embedding(p.vocab, p.d_model)
        self.position_embedding = layers.Embedding(p.seq_len, p.d_model)
        self.blocks = [DecoderBlock(p) for _ in range(p.layers)]
        self.ln_f = layers.LayerNormalization(epsilon=p.ln_eps)
        self.head = layers.Dense(p.vocab)

    def call(self, tokens, training=None):
        positions = ops.arange(ops.shape(tokens)[1])
        x = self.token_embedding(tokens) + self.position_embedding(positions)
        for block in self.blocks:
            x = block(x, training=training)
        return self.head(self.ln_f(x))


MODELS = {
    hp.Linear: Linear,
    hp.MLP: MLP,
    hp.CNN: ResNet,
    hp.LSTM: LSTMClassifier,
    hp.Transformer: DecoderLM,
}


@contextmanager
def dtype_policy(name: str):
    """Layers take the policy in force when they are made; restore it so other variants keep theirs."""
    before = keras.config.dtype_policy()
    keras.config.set_dtype_policy(name)
    try:
        yield
    finally:
        keras.config.set_dtype_policy(before)


def build(params, sample_inputs, policy: str = "float32") -> keras.Model:
    """The model, built (its weights made) by one call on `sample_inputs`."""
    with dtype_policy(policy):
        model = MODELS[type(params)](params)
    model(sample_inputs, training=False)
    return model


def loss(params) -> keras.losses.Loss:
    if isinstance(params, hp.Linear):
        return keras.losses.MeanSquaredError()
    return keras.losses.SparseCategoricalCrossentropy(from_logits=True)


def optimizer(spec: hp.Optimizer) -> keras.optimizers.Optimizer:
    if spec.name == "sgd":
        return keras.optimizers.SGD(learning_rate=spec.lr, momentum=spec.momentum)
    if spec.name == "adam":
        return keras.optimizers.Adam(learning_rate=spec.lr, beta_1=spec.beta1, beta_2=spec.beta2, epsilon=spec.eps)
    raise ValueError(f"unknown optimizer {spec.name!r}")


def parameter_count(model: keras.Model) -> int:
    return sum(math.prod(v.shape) for v in model.trainable_weights)


def training_step(model: keras.Model, loss_fn: keras.losses.Loss, opt: keras.optimizers.Optimizer):
    """step(x, y) -> loss: forward, gradients and one optimizer update, the TensorFlow way."""
    def step(x, y):
        with tf.GradientTape() as tape:
            value = loss_fn(y, model(x, training=True))
        # An embedding's gradient arrives as IndexedSlices, one slice per token occurrence. Keras' Adam
        # squares them slice by slice, so a token seen twice gets sum(g_i^2) where PyTorch's dense
        # gradient gives (sum g_i)^2: summing the slices first makes both the same optimizer.
        grads = [tf.convert_to_tensor(g) for g in tape.gradient(value, model.trainable_variables)]
        opt.apply_gradients(zip(grads, model.trainable_variables))
        return value
    return step


def inference_step(model: keras.Model):
    def step(x):
        return model(x, training=False)
    return step
