"""The benchmark's plumbing only (running it takes minutes: `python -m benchmarks`)."""

import json
import py_compile

import pytest

from benchmarks import harness, run

RESULT = {
    "payload_bytes": 140_000, "naive_payload_bytes": 3_800_000,
    "rerun_ms": 100.0, "naive_rerun_ms": 1_200.0,
    "paint_s": 1.2, "naive_paint_s": 3.3, "floor_paint_s": 1.1,
    "paint_warm_s": 1.0, "naive_paint_warm_s": 3.0, "floor_paint_warm_s": 0.9,
    "cold_paint_s": 1.5,
    "repaint_s": 0.3, "naive_repaint_s": 1.7,
    "rss_mb": 250.0, "naive_rss_mb": 280.0,
}


def test_arguments():
    assert run.parse_args([]).runs == 5
    assert run.parse_args(["--runs", "7"]).runs == 7
    with pytest.raises(SystemExit):
        run.parse_args(["--runs", "0"])


def test_targets_and_table():
    verdicts = run.check(RESULT)
    assert verdicts == {"payload_bytes": True, "rerun_ms": True, "paint_s": True, "repaint_s": True, "rss_mb": True,
                        "cold_paint_s": True}
    assert run.check({**RESULT, "paint_s": 1.4})["paint_s"] is False  # over 1.15x the floor's 1.1 s
    assert run.check({**RESULT, "paint_s": 1.7, "floor_paint_s": 1.6})["paint_s"] is False  # over 50% of 3.3 s
    assert run.check({**RESULT, "cold_paint_s": 1.6})["cold_paint_s"] is False  # over 1.3x the first visit's 1.2 s
    text = run.table(RESULT, verdicts)
    assert "3.7%" in text and "8.3%" in text and "1.09x" in text and "NO" not in text
    assert "first visitor after a server start" in text and "(1.25x)" in text
    assert len(text.splitlines()) == 2 + len(run.FIGURES) + 1


def test_the_required_json_keys_are_measured():
    keys = {k for _, ours, naive, floor, *_ in run.FIGURES for k in (ours, naive, floor) if k}
    required = {"payload_bytes", "naive_payload_bytes", "rerun_ms", "naive_rerun_ms", "paint_s",
                "naive_paint_s", "floor_paint_s", "repaint_s", "rss_mb"}
    assert required <= keys
    assert json.loads(json.dumps(RESULT)) == RESULT


def test_the_naive_app_compiles_and_the_probe_counts_leaflet_polygons():
    py_compile.compile(str(harness.ROOT / "benchmarks" / "naive_app.py"), doraise=True)
    assert harness.POLYGONS in harness.PAINT_PROBE


def test_rerun_time_is_read_from_streamlit_messages():
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    rerun = BackMsg()
    rerun.rerun_script.query_string = ""
    finished = ForwardMsg()
    finished.script_finished = ForwardMsg.FINISHED_SUCCESSFULLY
    other = ForwardMsg()
    other.session_status_changed.run_on_save = False
    frames = [
        harness.Frame(False, 1.0, finished.SerializeToString()),  # an earlier run's end
        harness.Frame(True, 2.0, rerun.SerializeToString()),
        harness.Frame(False, 2.05, other.SerializeToString()),
        harness.Frame(False, 2.125, finished.SerializeToString()),
    ]
    assert run.rerun_server_ms(frames, 0) == pytest.approx(125.0)
    with pytest.raises(ValueError):
        run.rerun_server_ms(frames[:3], 0)
