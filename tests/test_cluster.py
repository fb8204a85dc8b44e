"""Scoring on a Dask cluster (engine/cluster) gives exactly the single-process run's results.

A 200k-row synthetic table (three years per department) is shuffled so that most prior-year rows sit in
another partition, written as a Parquet dataset of several files and scored on a two-worker LocalCluster;
summary (bytes), breakdown (every row and column) and rejects must equal ``runner.run`` over the same rows
as one Parquet file. Small frames check rejects, duplicates and ranking ties across partitions, and the bad
inputs: no year column, an unreachable scheduler, a folder that is not a Parquet dataset, dask missing.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

dd = pytest.importorskip("dask.dataframe", reason="the dask extra is not installed: pip install 'perfscore[dask]'")
distributed = pytest.importorskip("distributed", reason="the dask extra is not installed: pip install 'perfscore[dask]'")

from perfscore.engine.cluster import connect, read_dataset, score_dask, score_dataset  # noqa: E402
from perfscore.engine.cluster.connect import require_dask  # noqa: E402
from perfscore.engine.errors import PerfscoreError  # noqa: E402
from perfscore.engine.jobs import scoring as api  # noqa: E402
from perfscore.engine.tables.read import frame_table  # noqa: E402
from perfscore.engine.tables.runner import BatchOptions, run  # noqa: E402
from perfscore.engine.tables.synth import SynthSpec, blocks, write_synthetic  # noqa: E402

PLAN = api.compile_reference("mof2013")
DEPARTMENTS = 66_667  # × 3 years = 200,001 rows
FILES = 8


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as local, distributed.Client(local) as client:
        yield client


def shuffled(table: pa.Table, seed: int = 5) -> pa.Table:
    return table.take(np.random.default_rng(seed).permutation(table.num_rows))


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """(one Parquet file, the same rows as a dataset folder of FILES files, the goal file) — shuffled, with a few
    rejects: a missing year, a department-year twice (in different files), a goal row of no department."""
    base = tmp_path_factory.mktemp("big")
    write_synthetic(PLAN, SynthSpec(DEPARTMENTS, 11, years=3), base / "synth.parquet")
    table = shuffled(pq.read_table(base / "synth.parquet"))
    frame = table.to_pandas()
    frame["year"] = frame["year"].astype(float)
    frame.loc[10, "year"] = np.nan
    frame.loc[150_000, ["region", "dept_name", "year"]] = frame.loc[20, ["region", "dept_name", "year"]].to_numpy()
    goals = pq.read_table(base / "synth.goals.parquet").to_pandas()
    goals.loc[len(goals)] = {**goals.iloc[0].to_dict(), "dept_name": "不存在的部门"}
    goals.to_parquet(base / "goals.parquet", index=False)
    frame.to_parquet(base / "one.parquet", index=False)
    folder = base / "dataset"
    folder.mkdir()
    for k, rows in enumerate(np.array_split(np.arange(len(frame)), FILES)):
        frame.iloc[rows].to_parquet(folder / f"part.{k}.parquet", index=False)
    return base / "one.parquet", folder, base / "goals.parquet", frame


def test_prior_year_rows_sit_in_other_partitions(big):
    _, _, _, frame = big
    part = np.arange(len(frame)) * FILES // len(frame)  # which file (partition) each row went to
    keyed = frame.assign(part=part)[["region", "dept_name", "year", "part"]].dropna()
    before = keyed.assign(year=keyed["year"] + 1)
    pairs = keyed.merge(before, on=["region", "dept_name", "year"], suffixes=("", "_prior"))
    assert len(pairs) > 100_000
    assert (pairs["part"] != pairs["part_prior"]).mean() > 0.8


def test_200k_dataset_equals_single_process_run(big, cluster, tmp_path):
    one, folder, goals, _ = big
    single_options = BatchOptions("csv", output=tmp_path / "single.csv", goals=goals,
                                  breakdown=tmp_path / "single.breakdown.parquet")
    single = run(one, PLAN, single_options)
    options = BatchOptions("csv", output=tmp_path / "dask.csv", goals=goals)
    outcome = score_dataset(folder, PLAN, options, address=cluster.scheduler.address)
    assert outcome.partitions >= FILES
    assert (tmp_path / "dask.csv").read_bytes() == (tmp_path / "single.csv").read_bytes()
    assert outcome.rejects == single.rejects
    assert [r.row for r in outcome.rejects if r.table == "metrics"] == [11, 21, 150_001]
    assert outcome.account() == single.account()
    assert "读取 200001 行 = 评分 199998 行 + 拒绝 3 行；目标表" in outcome.account()
    assert outcome.breakdown == tmp_path / "dask.breakdown"
    assert sorted(p.name for p in outcome.breakdown.iterdir())[0] == "part.00000.parquet"
    assert_same_breakdown(pq.read_table(tmp_path / "single.breakdown.parquet"), pq.read_table(outcome.breakdown))


def assert_same_breakdown(expected: pa.Table, actual: pa.Table) -> None:
    """Every column equal, value for value (dictionary-encoded text compared as text)."""
    assert actual.column_names == expected.column_names
    assert actual.num_rows == expected.num_rows
    derived = expected.column("derived").combine_chunks().dictionary_decode()
    assert pa.compute.sum(pa.compute.not_equal(derived, "")).as_py() > 100_000  # prior-year values were filled
    for name in expected.column_names:
        want, got = (_plain(t.column(name)) for t in (expected, actual))
        assert got.equals(want), name


def _plain(column: pa.ChunkedArray) -> pa.Array:
    array = column.combine_chunks() if column.num_chunks != 1 else column.chunk(0)
    if pa.types.is_dictionary(array.type):
        return array.dictionary_decode()
    return array


def small_frame(departments: int = 4, years: int = 3, seed: int = 3) -> pd.DataFrame:
    columns, _ = next(blocks(PLAN, SynthSpec(departments, seed, years=years)))
    return pd.DataFrame(columns)


def single_run(frame: pd.DataFrame, tmp_path: Path):
    """runner.run over the frame as one table: (outcome, breakdown as pandas reads the file)."""
    target = tmp_path / "single.breakdown.parquet"
    outcome = run(frame_table(frame), PLAN, BatchOptions("parquet", breakdown=target))
    return outcome, pd.read_parquet(target)


def assert_same(frame: pd.DataFrame, partitions: int, cluster, tmp_path: Path):
    """Score ``frame`` in ``partitions`` partitions (breakdown kept in memory) and as one table: the same."""
    single, breakdown = single_run(frame, tmp_path)
    outcome = score_dask(dd.from_pandas(frame, npartitions=partitions, sort=False), PLAN)
    assert outcome.partitions == partitions
    pd.testing.assert_frame_equal(outcome.summary, single.summary, check_exact=True)
    assert outcome.rejects == single.rejects
    assert outcome.account() == single.account()
    pd.testing.assert_frame_equal(_text(outcome.breakdown.compute().reset_index(drop=True)), _text(breakdown),
                                  check_exact=True)
    return outcome


def _text(frame: pd.DataFrame) -> pd.DataFrame:
    """Categorical (dictionary-encoded) columns as plain values: their categories differ from part to part."""
    return frame.astype({name: object for name in frame.columns if isinstance(frame[name].dtype, pd.CategoricalDtype)})


def test_rejects_and_duplicates_across_partitions(cluster, tmp_path):
    frame = small_frame()  # 4 departments × 3 years, a department's years in consecutive rows
    frame = frame.iloc[[0, 3, 6, 9, 1, 4, 7, 10, 2, 5, 8, 11]].reset_index(drop=True)  # years apart: 3 partitions
    frame.loc[2, "year"] = np.nan  # a missing year
    frame.loc[11, ["region", "dept_name", "year"]] = frame.loc[1, ["region", "dept_name", "year"]].to_numpy()
    frame.loc[5, "staff_actual"] = np.inf  # a cell that cannot be scored
    outcome = assert_same(frame, 3, cluster, tmp_path)
    reasons = {r.row: r.reason for r in outcome.rejects}
    assert reasons[3] == "缺少评价年度"
    assert reasons[2] == "部门-年度重复：与第2行相同（及其后各行），未合并"
    assert reasons[12] == "部门-年度重复：与第2行相同，未合并"
    assert 6 in reasons
    assert "读取 12 行 = 评分 8 行 + 拒绝 4 行" in outcome.account()


def test_prior_year_value_from_another_partition(cluster, tmp_path):
    frame = small_frame(2, 2).iloc[[1, 3, 0, 2]].reset_index(drop=True)  # later years first, in partition 0
    outcome = assert_same(frame, 2, cluster, tmp_path)
    derived = outcome.breakdown.compute()["derived"].astype(str)
    assert derived.str.contains("取自第3行（上年度）").any() and derived.str.contains("取自第4行（上年度）").any()


def test_ranking_ties_across_partitions(cluster, tmp_path):
    frame = small_frame(6, 1)
    tied = pd.concat([frame.iloc[[0]]] * 4, ignore_index=True).assign(dept_name=[f"并列{k}局" for k in range(4)])
    frame = pd.concat([tied.iloc[:2], frame.iloc[1:], tied.iloc[2:]], ignore_index=True)  # ties at both ends
    outcome = assert_same(frame, 3, cluster, tmp_path)
    ranks = outcome.summary.set_index("dept_name")["rank"]
    assert ranks[[f"并列{k}局" for k in range(4)]].nunique() == 1
    assert (outcome.summary["rank"] == ranks.iloc[0]).sum() == 4


def test_no_year_column_is_refused(cluster):
    ddf = dd.from_pandas(small_frame().drop(columns="year"), npartitions=2)
    with pytest.raises(PerfscoreError, match="没有评价年度列.*上年度.*排名") as error:
        score_dask(ddf, PLAN)
    assert error.value.exit_code == 2
    assert str(error.value).startswith("DataFrame:1")


def test_not_a_dask_dataframe(cluster):
    with pytest.raises(PerfscoreError, match="不是 Dask DataFrame（是 DataFrame）"):
        score_dask(small_frame(), PLAN)


def test_unreachable_scheduler_fails_fast():
    start = time.perf_counter()
    with pytest.raises(PerfscoreError, match=re.escape("无法连接 Dask 调度器 tcp://127.0.0.1:9")) as error:
        connect("tcp://127.0.0.1:9", timeout=2)
    assert time.perf_counter() - start < 10
    assert str(error.value.problems[0].position) == "--dask"


def test_folder_that_is_not_a_parquet_dataset(tmp_path):
    (tmp_path / "a.csv").write_text("dept_name,year\n民政局,2023\n", encoding="utf-8")
    with pytest.raises(PerfscoreError, match="没有 .parquet 文件，不是 Parquet 数据集"):
        read_dataset(tmp_path)
    with pytest.raises(PerfscoreError, match="Parquet 数据集不存在"):
        read_dataset(tmp_path / "missing")
    (tmp_path / "b.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(PerfscoreError, match="Parquet 数据集无法读取"):
        read_dataset(tmp_path)


def test_dask_missing_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)
    with pytest.raises(PerfscoreError, match=re.escape('pip install "perfscore[dask]"')) as error:
        require_dask()
    assert "未安装 dask" in str(error.value)


def test_breakdown_folder_replaces_the_old_one_only_when_complete(cluster, tmp_path):
    target = tmp_path / "out.breakdown"
    target.mkdir()
    (target / "stale.parquet").write_bytes(b"old")
    ddf = dd.from_pandas(small_frame(), npartitions=2)
    with pytest.raises(PerfscoreError, match="找不到目标表文件"):
        score_dask(ddf, PLAN, goals=tmp_path / "missing.goals.csv", breakdown=target)
    assert [p.name for p in tmp_path.iterdir()] == ["out.breakdown"]  # no half-written folder left beside it
    assert [p.name for p in target.iterdir()] == ["stale.parquet"]
    outcome = score_dask(ddf, "mof2013", breakdown=target, reasons=False)
    assert outcome.breakdown == target
    assert sorted(p.name for p in target.iterdir()) == ["part.00000.parquet", "part.00001.parquet"]
    written = pd.read_parquet(target)
    assert "reason" not in written.columns and len(written) == 12 * len(PLAN.criteria)


def test_a_damaged_file_in_the_dataset(cluster, tmp_path):
    frame = small_frame()
    for k, rows in enumerate(np.array_split(np.arange(len(frame)), 3)):
        frame.iloc[rows].to_parquet(tmp_path / f"part.{k}.parquet", index=False)
    (tmp_path / "part.2.parquet").write_bytes((tmp_path / "part.2.parquet").read_bytes()[:300])
    with pytest.raises(PerfscoreError, match="不是可读取的表格：分区无法读取：ArrowInvalid"):
        score_dataset(tmp_path, PLAN, BatchOptions("csv"), address=cluster.scheduler.address)


def test_rete_engine_on_partitions_in_threads(tmp_path):
    """The rete engine scores partitions too, also under Dask's threaded scheduler (one evaluation at a time)."""
    pytest.importorskip("durable.engine", reason="the rete extra is not installed")
    import dask

    from perfscore.engine.backends import backend

    frame = small_frame(3, 2)
    single = run(frame_table(frame), PLAN, BatchOptions("parquet"), evaluator=backend("rete"))
    with dask.config.set(scheduler="threads"):
        outcome = score_dask(dd.from_pandas(frame, npartitions=3, sort=False), PLAN, engine="rete")
    pd.testing.assert_frame_equal(outcome.summary, single.summary, check_exact=True)
    assert outcome.rejects == single.rejects


def test_command_line_scores_a_dataset_folder_as_one_table(tmp_path):
    """``perfscore score FOLDER --dask local``: the summary the single-process command writes for the same rows
    as one file, byte for byte, the breakdown as a Parquet dataset folder with the same rows, the same account."""
    from support import run_cli

    write_synthetic(PLAN, SynthSpec(400, 3, years=2), tmp_path / "synth.parquet")
    frame = shuffled(pq.read_table(tmp_path / "synth.parquet")).to_pandas()
    frame.to_parquet(tmp_path / "one.parquet", index=False)
    folder = tmp_path / "dataset"
    folder.mkdir()
    for k, rows in enumerate(np.array_split(np.arange(len(frame)), 3)):
        frame.iloc[rows].to_parquet(folder / f"part.{k}.parquet", index=False)
    clustered = run_cli("score", folder, "--dask", "local", "-o", tmp_path / "c.csv", "-q")
    single = run_cli("score", tmp_path / "one.parquet", "-o", tmp_path / "s.csv", "--breakdown",
                     tmp_path / "s.breakdown.parquet", "-q")
    assert clustered.returncode == 0 and single.returncode == 0, clustered.stderr + single.stderr
    assert (tmp_path / "c.csv").read_bytes() == (tmp_path / "s.csv").read_bytes()
    parts = pd.read_parquet(tmp_path / "c.breakdown")
    whole = pd.read_parquet(tmp_path / "s.breakdown.parquet")
    plain = {c: str for c in whole.columns if isinstance(whole[c].dtype, pd.CategoricalDtype)}
    assert parts.astype(plain).reset_index(drop=True).equals(whole.astype(plain).reset_index(drop=True))
    assert clustered.stderr.strip() == single.stderr.strip()
    assert single.stderr.strip().splitlines()[-1] == "perfscore: 读取 800 行 = 评分 800 行 + 拒绝 0 行"


def test_command_line_cluster_errors_are_one_line(tmp_path):
    from support import run_cli

    write_synthetic(PLAN, SynthSpec(5, 1), tmp_path / "part.0.parquet")  # a dataset to read: its scheduler is down
    unreachable = run_cli("score", tmp_path, "--dask", "tcp://127.0.0.1:9", "-o", tmp_path / "r.csv")
    assert unreachable.returncode == 2 and "Traceback" not in unreachable.stderr
    assert unreachable.stderr.startswith("perfscore: error: --dask: 无法连接 Dask 调度器 tcp://127.0.0.1:9")
    workbook = run_cli("score", tmp_path, "--dask", "local", "-o", tmp_path / "r.xlsx")
    assert workbook.returncode == 2 and "--dask 的汇总只能写成 CSV 或 Parquet" in workbook.stderr
