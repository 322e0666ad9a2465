"""A FastAPI app served by uvicorn on 127.0.0.1, in front of any predictor: the third-party way the
article's P1 names for serving a model (Flask, Django, FastAPI), the same app for both frameworks.

    POST /predict  {"inputs": [[...], ...]}  ->  {"outputs": [[...], ...]}"""
from __future__ import annotations

import socket
import threading
import time

import numpy as np
from pydantic import BaseModel

from experiments.capabilities.serving.exports import Predictor

HOST = "127.0.0.1"
PATH = "/predict"
START_TIMEOUT_S = 30


class Inputs(BaseModel):
    inputs: list


class Outputs(BaseModel):
    outputs: list


def app(predict: Predictor, dtype: str):
    from fastapi import FastAPI
    api = FastAPI()
    # One prediction at a time: the framework already uses every thread it was given for one call.
    lock = threading.Lock()

    @api.post(PATH)
    def predict_route(body: Inputs) -> Outputs:
        with lock:
            return Outputs(outputs=predict(np.asarray(body.inputs, dtype=dtype)).tolist())

    return api


class Server:
    """uvicorn serving `app` from a background thread on a free port of 127.0.0.1; `shutdown()` stops it."""

    def __init__(self, app):
        import uvicorn
        listening = socket.socket()
        listening.bind((HOST, 0))
        self.port = listening.getsockname()[1]
        self._server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [listening]}, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)

    def shutdown(self) -> None:
        self._server.should_exit = True
        self._thread.join(START_TIMEOUT_S)


def start(predict: Predictor, dtype: str) -> Server:
    return Server(app(predict, dtype))


def url(port: int) -> str:
    return f"http://{HOST}:{port}{PATH}"
