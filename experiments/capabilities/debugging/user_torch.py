"""The user's code in the debugging measurement: a small PyTorch classifier and its training step, written
as a user would write them. The forward pass holds a deliberate shape bug, marked on its line: the head
expects half the features the hidden layer gives."""
import torch
import torch.nn.functional as F
from torch import nn

FEATURES, HIDDEN, CLASSES = 20, 64, 10


class Classifier(nn.Module):
    def __init__(self):
        super().__init__()
        self.hidden = nn.Linear(FEATURES, HIDDEN)
        self.head = nn.Parameter(torch.randn(HIDDEN // 2, CLASSES))

    def forward(self, x):
        h = F.relu(self.hidden(x))
        return h @ self.head  # the bug: (batch, 64) @ (32, 10)


def train_step(model, optimizer, x, y):
    optimizer.zero_grad()
    loss = F.cross_entropy(model(x), y)
    loss.backward()
    optimizer.step()
    return loss
