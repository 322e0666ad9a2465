"""The machine as a measurement finds it: others' load recorded before a run starts its own processes."""
import pytest

from experiments import machine


def test_the_fingerprint_records_the_load_others_put_on_the_machine(monkeypatch):
    monkeypatch.setattr(machine.os, "getloadavg", lambda: (3.456, 2.0, 1.0))
    monkeypatch.setattr(machine, "usable_cpus", lambda: 2)
    found = machine.fingerprint()
    assert found["load_average_1min"] == 3.46 and found["busy"] is True


@pytest.mark.parametrize(("load", "cpus", "busy"), [(0.2, 2, False), (0.99, 2, False), (1.0, 2, True), (3.9, 2, True),
                                                    (3.9, 16, False)])
def test_a_machine_is_busy_once_others_occupy_half_its_usable_cpus(load, cpus, busy):
    assert machine.busy(load, cpus) is busy
