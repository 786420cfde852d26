"""Usable cores follow the affinity mask and the cgroup quota, v1 and v2."""
from conclab import cores


def test_v2_quota(tmp_path):
    (tmp_path / "cpu.max").write_text("150000 100000\n")
    assert cores._read_quota(tmp_path, "v2") == 1.5


def test_v2_unlimited(tmp_path):
    (tmp_path / "cpu.max").write_text("max 100000\n")
    assert cores._read_quota(tmp_path, "v2") is None


def test_v1_quota(tmp_path):
    (tmp_path / "cpu.cfs_quota_us").write_text("200000\n")
    (tmp_path / "cpu.cfs_period_us").write_text("100000\n")
    assert cores._read_quota(tmp_path, "v1") == 2.0


def test_v1_unlimited(tmp_path):
    (tmp_path / "cpu.cfs_quota_us").write_text("-1\n")
    (tmp_path / "cpu.cfs_period_us").write_text("100000\n")
    assert cores._read_quota(tmp_path, "v1") is None


def test_quota_caps_affinity(monkeypatch):
    monkeypatch.setattr(cores, "affinity_cores", lambda: 16)
    monkeypatch.setattr(cores, "quota_cores", lambda: 1.5)
    assert cores.usable_cores() == 1
    monkeypatch.setattr(cores, "quota_cores", lambda: None)
    assert cores.usable_cores() == 16


def test_this_machine_has_at_least_one():
    assert cores.usable_cores() >= 1
