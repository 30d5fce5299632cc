"""The operator's monitoring kit in packaging/: Prometheus alert rules (with promtool unit tests), the scrape
configuration and the Grafana dashboard, checked against the series the kiosk really exports."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from kiosk.metrics import Metrics, StateCollector

PACKAGING = Path(__file__).resolve().parent.parent / "packaging"
RULES = PACKAGING / "prometheus-alerts.yml"
RULE_TESTS = PACKAGING / "prometheus-alerts.test.yml"
DASHBOARD = PACKAGING / "grafana-dashboard.json"
ALERTS = {"KioskDown", "KioskModelNotOk", "KioskRatesExpired", "KioskRatesExpireSoon", "KioskFallbackRateHigh",
          "KioskTurnLatencyHigh", "KioskNotUnderstoodRateHigh", "KioskServeOverloaded"}
_NAME = re.compile(r"\b(kiosk_[a-z_]+)\b")
promtool = shutil.which("promtool")


def exported_names() -> set[str]:
    """Every series name the kiosk's registry can export (histograms with their _bucket/_count/_sum)."""
    m = Metrics()
    m.registry.register(StateCollector())
    names: set[str] = set()
    for family in m.registry.collect():
        base = family.name
        names |= {base, base + "_total", base + "_bucket", base + "_count", base + "_sum", base + "_info"}
    return names


def rule_exprs() -> dict[str, str]:
    doc = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    return {r["alert"]: r["expr"] for g in doc["groups"] for r in g["rules"]}


def dashboard_exprs() -> list[str]:
    dash = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    return [t["expr"] for p in dash["panels"] for t in p["targets"]]


def test_every_alert_the_issue_asks_for_exists_and_is_tested() -> None:
    assert set(rule_exprs()) == ALERTS
    tested = {case["alertname"] for t in yaml.safe_load(RULE_TESTS.read_text(encoding="utf-8"))["tests"]
              for case in t.get("alert_rule_test", []) if case.get("exp_alerts")}
    assert tested == ALERTS  # each alert is shown to fire on its fault


@pytest.mark.parametrize("expr", [*rule_exprs().values(), *dashboard_exprs()])
def test_queries_use_only_series_the_kiosk_exports(expr: str) -> None:
    names = set(_NAME.findall(expr))
    assert names <= exported_names(), names - exported_names()


def test_dashboard_layout() -> None:
    dash = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    ids = [p["id"] for p in dash["panels"]]
    assert len(ids) == len(set(ids)) >= 12
    for p in dash["panels"]:
        g = p["gridPos"]
        assert g["x"] >= 0 and g["x"] + g["w"] <= 24 and p["title"] and p["targets"]


@pytest.mark.skipif(promtool is None, reason="promtool not installed (Debian: apt-get install prometheus)")
def test_promtool_unit_tests_pass() -> None:
    out = subprocess.run([str(promtool), "test", "rules", RULE_TESTS.name], cwd=PACKAGING, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    cfg = subprocess.run([str(promtool), "check", "config", "prometheus.yml"], cwd=PACKAGING, capture_output=True,
                         text=True, timeout=120)
    assert cfg.returncode == 0, cfg.stdout + cfg.stderr


@pytest.mark.skipif(promtool is None, reason="promtool not installed (Debian: apt-get install prometheus)")
def test_dashboard_queries_parse(tmp_path: Path) -> None:
    rules = {"groups": [{"name": "dashboard", "rules": [
        {"record": f"dashboard:panel{i}", "expr": e.replace("$__rate_interval", "5m")}
        for i, e in enumerate(dashboard_exprs())]}]}
    path = tmp_path / "dashboard-rules.yml"
    path.write_text(yaml.safe_dump(rules), encoding="utf-8")
    out = subprocess.run([str(promtool), "check", "rules", str(path)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr


def test_state_series_name_build_rules_and_rates_expiry() -> None:
    import datetime as dt

    from kiosk.rules.engine import load_rates

    rates = load_rates()
    for day, valid in ((rates.effective_date, 1.0), (rates.valid_until + dt.timedelta(days=1), 0.0)):
        m = Metrics()
        m.registry.register(StateCollector("KR", today=lambda d=day: d))
        body = m.render().decode()
        assert re.search(r'kiosk_build_info\{python="3\.\d+",version="[0-9][^"]*"\} 1\.0', body)
        assert 'kiosk_rules_info{jurisdiction="KR",update="builtin"} 1.0' in body
        assert re.search(r'kiosk_rules_table_version\{jurisdiction="KR"\} [1-9]', body)
        end = dt.datetime.combine(rates.valid_until + dt.timedelta(days=1), dt.time(), dt.UTC).timestamp()
        shown = re.search(r"^kiosk_rates_valid_until_timestamp_seconds (\S+)$", body, re.M)
        assert shown and float(shown.group(1)) == end
        assert f"kiosk_rates_valid {valid}" in body
