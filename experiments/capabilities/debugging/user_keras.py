"""The user's code in the debugging measurement: a small Keras classifier and its training step, written
as a user would write them. The forward pass holds a deliberate shape bug, marked on its line: the head
expects half the features the hidden layer gives."""
import keras
import tensorflow as tf

FEATURES, HIDDEN, CLASSES = 20, 64, 10
loss_fn = keras.losses.SparseCategoricalCrossentropy(from_logits=True)


class Classifier(keras.Model):
    def __init__(self):
        super().__init__()
        self.hidden = keras.layers.Dense(HIDDEN, activation="relu")
        self.head = self.add_weight(shape=(HIDDEN // 2, CLASSES), name="head")

    def call(self, x):
        h = self.hidden(x)
        return h @ self.head  # the bug: (batch, 64) @ (32, 10)


def train_step(model, optimizer, x, y):
    with tf.GradientTape() as tape:
        loss = loss_fn(y, model(x, training=True))
    gradients = tape.gradient(loss, model.trainable_variables)
    optimizer.apply_gradients(zip(gradients, model.trainable_variables))
    return loss
