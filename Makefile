# One virtual environment for everything; CPU builds of torch/TensorFlow unless an NVIDIA GPU is present.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HAS_GPU := $(shell nvidia-smi -L >/dev/null 2>&1 && echo 1)
FRAMEWORKS := $(if $(HAS_GPU),gpu,cpu)
# PyPI's Linux torch wheel is the CUDA build; CPU machines take PyTorch's CPU index when it is reachable
# (a local wheel folder given by pip's find-links serves the same +cpu wheel offline).
TORCH_CPU_INDEX ?= https://download.pytorch.org/whl/cpu
EXTRA_INDEX := $(if $(HAS_GPU),,$(shell $(PYTHON) -c "import socket; socket.getaddrinfo('download.pytorch.org', 443)" >/dev/null 2>&1 && echo --extra-index-url $(TORCH_CPU_INDEX)))

# Prefect's server would phone home on start; fwtrends runs offline-friendly and quiet.
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false

.PHONY: install run test bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q $(EXTRA_INDEX) --build-constraint build-constraints.txt -e ".[$(FRAMEWORKS),experiments,test]"
	touch $@

install: $(BIN)/.installed

run: install
	$(BIN)/fwtrends run --quick

test: install
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) data
