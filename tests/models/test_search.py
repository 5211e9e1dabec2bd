"""Search over the ledger: retrieval quality on the hand-written query set, filters, the stored index, the CLI."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from claimledger.models.embeddings import embed
from claimledger.models.errors import BadChoice
from claimledger.models.search import INDEX_DIR, JSON_FIELDS, LedgerSearch, open_ledger
from claimledger.models.train_pairs import claims_from_frame
from claimledger.outputs.cli import app
from claimledger.outputs.index import write_index
from claimledger.outputs.run import run
from tests.conftest import GOLD

runner = CliRunner()
QUERIES = json.loads((GOLD / "queries.json").read_text(encoding="utf-8"))["queries"]


def _norm(text: str) -> str:
    return " ".join(str(text).split()).lower()


def _close(a: float, b: float) -> bool:
    return a == a and abs(a - b) <= max(abs(b) * 5e-3, 0.011)


def relevant_rows(rows: pd.DataFrame, claims: pd.DataFrame, answers: list[dict]) -> set[int]:  # type: ignore[type-arg]
    """Index rows of the claims a query's answers name: same document, snippet in the sentence, same value
    (or low/high bound, or the surface text the answer gives)."""
    full = claims.set_index("claim_id").loc[rows["claim_id"]].reset_index()
    sentences = full["sentence"].map(_norm)
    found: set[int] = set()
    for a in answers:
        where = full["doc_id"].str.startswith(a["doc"]) & sentences.str.contains(_norm(a["snippet"]), regex=False)
        for i in np.flatnonzero(where.to_numpy()):
            c = full.iloc[i]
            if a.get("text") == c["text"] \
                    or any(_close(c[f], a["value"]) for f in ("value", "value_low", "value_high")):
                found.add(int(i))
    return found


@pytest.fixture(scope="module")
def searcher(ledger: Path) -> LedgerSearch:
    return open_ledger(ledger)


@pytest.fixture(scope="module")
def gold(ledger: Path, searcher: LedgerSearch) -> list[tuple[str, np.ndarray, set[int]]]:
    claims = pd.read_parquet(ledger / "claims.parquet")
    vectors = embed([q["query"] for q in QUERIES])
    return [(q["query"], v, relevant_rows(searcher.rows, claims, q["answers"])) for q, v in zip(QUERIES, vectors)]


def score(searcher: LedgerSearch, gold: list, mode: str) -> tuple[float, float]:  # type: ignore[type-arg]
    """Mean recall@10 (share of a query's answering claims in its top 10) and MRR@10."""
    recall = rr = 0.0
    for query, vector, relevant in gold:
        top, _ = searcher.index.rank(query, vector, 10, None, mode)
        recall += len(relevant & set(top.tolist())) / len(relevant)
        rr += next((1 / (i + 1) for i, row in enumerate(top.tolist()) if row in relevant), 0.0)
    return recall / len(gold), rr / len(gold)


def test_query_set_has_forty_queries_and_every_answer_is_a_claim_of_the_ledger(ledger: Path,
                                                                              searcher: LedgerSearch) -> None:
    claims = pd.read_parquet(ledger / "claims.parquet")
    assert len(QUERIES) >= 40
    for q in QUERIES:
        for answer in q["answers"]:
            assert relevant_rows(searcher.rows, claims, [answer]), (q["query"], answer)


def test_hybrid_beats_lexical_only_and_embeddings_only_on_recall_and_mrr(searcher: LedgerSearch, gold: list) -> None:  # type: ignore[type-arg]
    """The figures of the closing note; the weight sweep shows the win is not one tuned point."""
    results = {mode: score(searcher, gold, mode) for mode in ("lexical", "embeddings", "hybrid")}
    for mode, (recall, mrr) in results.items():
        print(f"{mode:<11} recall@10 {recall:.3f}  MRR {mrr:.3f}  ({len(gold)} queries)")
    default = searcher.index.embedding_weight
    sweep = {}
    try:
        for weight in (0.3, 0.4, 0.5, 0.6, 0.7):
            searcher.index.embedding_weight = weight
            sweep[weight] = score(searcher, gold, "hybrid")
            print(f"hybrid w={weight}  recall@10 {sweep[weight][0]:.3f}  MRR {sweep[weight][1]:.3f}")
    finally:
        searcher.index.embedding_weight = default
    for mode in ("lexical", "embeddings"):
        assert results["hybrid"][0] > results[mode][0] and results["hybrid"][1] > results[mode][1], mode
    for weight in (0.4, 0.5, 0.6):
        assert all(sweep[weight][i] > max(results["lexical"][i], results["embeddings"][i]) for i in (0, 1)), weight


def test_issue_examples_find_their_figures_first(searcher: LedgerSearch) -> None:
    """"Between 2000 and 2005, of the country's 2,435 municipalities, 832 (one out of every three) reported a
    negative rate of population growth" (002, 003); "In 2005, total remittances received by Mexico amounted
    to US$20 billion" (002, 003)."""
    depopulation = searcher.search("depopulation municipalities", k=2)  # one hit per sentence: its best claim
    assert set(depopulation["value"].round(2)) <= {2435.0, 832.0, 33.33}
    assert set(depopulation["doc_id"].str[:3]) == {"002", "003"}
    assert depopulation["sentence"].str.contains("832 \\(one out of every three\\)").all()
    remittances = searcher.search("remittances 2005", k=2)
    assert list(remittances["value"]) == [20e9, 20e9] and set(remittances["doc_id"].str[:3]) == {"002", "003"}


def test_graduates_question_finds_385000_and_261000_in_the_top_five(searcher: LedgerSearch) -> None:
    # 000/003 "This figure totals slightly more than 385,000 individuals born in Mexico" (the sentence before:
    # "... Mexican residents in the USA who have university degrees ..."); 002 "That group totals slightly more
    # than 261,000 people born in Mexico"
    hits = searcher.search("How many Mexican-born university graduates live in the United States?", k=5)
    assert {385000.0, 261000.0} <= set(hits["value"])


def test_one_sentence_gives_one_hit(searcher: LedgerSearch) -> None:
    hits = searcher.search("university and postgraduate studies", k=10)
    assert not hits.duplicated(["doc_id", "sentence_start"]).any()


def test_filters_select_claims_before_ranking(searcher: LedgerSearch) -> None:
    """A post-filter would return fewer than k hits; filtering first still fills the list from 002 alone."""
    hits = searcher.search("remittances", k=10, doc="002")
    assert len(hits) == 10 and (hits["doc_id"].str[:3] == "002").all()
    in_2005 = searcher.search("remittances", k=5, year_from=2005, year_to=2005)
    assert len(in_2005) == 5
    assert ((in_2005["period_start"] <= 2005) & (in_2005["period_end"].fillna(in_2005["period_start"]) >= 2005)).all()
    assert 20e9 in set(in_2005["value"])
    people = searcher.search("Mexicans living in the United States", k=10, unit="PERSON")
    assert (people["unit"] == "person").all()
    conflicts = searcher.search("remittances", k=10, verdict="conflict")
    assert (conflicts["verdict"] == "conflict").all() and conflicts["group_id"].notna().all()
    with pytest.raises(BadChoice, match="verdict 'no such verdict': choose one of"):
        searcher.search("remittances", k=10, verdict="no such verdict")


def test_verdict_filter_and_group_fields_come_from_reconciliation_json(ledger: Path, tmp_path: Path) -> None:
    """A conflict group as issue 5 writes it: its members carry group id, verdict and reconciled value."""
    shutil.copytree(ledger / INDEX_DIR, tmp_path / INDEX_DIR)
    rows = pd.read_parquet(ledger / INDEX_DIR / "claims.parquet")
    members = rows[rows["value"].isin([385000.0, 261000.0]) & rows["sentence"].str.contains("born in Mexico")]
    group = {"group_id": "g-graduates", "quantity": "graduates born in Mexico", "unit": "person",
             "verdict": "conflict", "claim_ids": sorted(members["claim_id"]),
             "reconciled": {"value": 261000.0, "claim_id": members["claim_id"].iloc[0], "policy": "latest",
                            "rationale": "newest document"}}
    (tmp_path / "reconciliation.json").write_text(json.dumps({"groups": [group]}), encoding="utf-8")
    hits = open_ledger(tmp_path).search("university graduates", k=10, verdict="conflict")
    assert len(hits) == len(members) >= 3
    assert set(hits["group_id"]) == {"g-graduates"} and set(hits["reconciled_value"]) == {261000.0}


def test_bit_code_scan_used_at_scale_keeps_the_exact_top_hits(searcher: LedgerSearch, gold: list) -> None:  # type: ignore[type-arg]
    """Above EXACT_LIMIT candidates come from a Hamming scan of sign bits; on the corpus, forcing that path
    with 100 candidates (a fifth of the claims) must keep nearly all of the exact top 10."""
    index = searcher.index
    exact = [set(index.rank(q, v, 10, None, "embeddings")[0].tolist()) for q, v, _ in gold]
    limit, depth = index.exact_limit, index.candidates
    try:
        index.exact_limit, index.candidates = 0, 100
        coarse = [set(index.rank(q, v, 10, None, "embeddings")[0].tolist()) for q, v, _ in gold]
    finally:
        index.exact_limit, index.candidates = limit, depth
    overlap = np.mean([len(a & b) / 10 for a, b in zip(exact, coarse)])
    print(f"bit-code scan keeps {overlap:.1%} of the exact embedding top 10")
    assert overlap >= 0.9


def test_index_is_memory_mapped_and_rebuilt_byte_identical(ledger: Path, tmp_path: Path,
                                                           searcher: LedgerSearch) -> None:
    assert isinstance(searcher.index.embeddings_, np.memmap)
    assert searcher.index.embeddings_.dtype == np.float16 and len(searcher.rows) == searcher.index.size
    write_index(tmp_path, claims_from_frame(pd.read_parquet(ledger / "claims.parquet")))  # as the run gives them
    for path in sorted((ledger / INDEX_DIR).iterdir()):
        assert (tmp_path / INDEX_DIR / path.name).read_bytes() == path.read_bytes(), path.name


def group_of(ledger: Path, claim_id: str) -> dict | None:  # type: ignore[type-arg]
    """The group reconciliation.json puts a claim in, if any."""
    groups = json.loads((ledger / "reconciliation.json").read_text(encoding="utf-8"))["groups"]
    return next((g for g in groups if claim_id in g["claim_ids"]), None)


def test_cli_json_prints_exactly_the_hit_fields_with_the_group_from_reconciliation(ledger: Path) -> None:
    result = runner.invoke(app, ["search", "remittances 2005", "--ledger", str(ledger), "--k", "3", "--json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)["hits"]
    assert len(hits) == 3 and all(list(h) == JSON_FIELDS for h in hits)
    assert hits[0]["value"] == 20e9 and hits[0]["period_start"] == 2005
    for hit in hits:
        group = group_of(ledger, hit["claim_id"]) or {"reconciled": {}}
        assert hit["group_id"] == group.get("group_id") and hit["verdict"] == group.get("verdict")
        assert hit["reconciled_value"] == group["reconciled"].get("value")


def test_cli_shows_value_period_document_sentence_and_source(ledger: Path) -> None:
    result = runner.invoke(app, ["search", "total remittances received by Mexico in 2004", "--ledger", str(ledger),
                                 "--k", "1", "--doc", "000"])
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "USD $16.6 bn = 16,600,000,000 USD (2004) Delgado Wise & Márquez 2006 (000)" in out
    assert "In 2004, total remittances received by Mexico amounted to USD $16.6 bn" in out
    hit = json.loads(runner.invoke(app, ["search", "total remittances received by Mexico in 2004", "--ledger",
                                         str(ledger), "--k", "1", "--doc", "000", "--json"]).stdout)["hits"][0]
    group = group_of(ledger, hit["claim_id"])
    value = group["reconciled"]["value"] if group else None
    value = "-" if value is None else f"{int(value):,}" if float(value).is_integer() else f"{value:,.6g}"
    shown = "no group" if group is None else f"group {group['group_id']}: {group['verdict']}, reconciled {value}"
    assert f"source: Banco de México, 2005 | {shown}" in out


def test_cli_prints_markup_in_document_text_as_written(tmp_path: Path) -> None:
    """Text from a paper is escaped for rich: brackets print literally and cannot restyle the output."""
    paper = tmp_path / "odd.txt"
    paper.write_text("In 2004, remittances [bold red]reached[/] USD $16.6 bn according to [link=x]Banxico[/link].\n",
                     encoding="utf-8")
    run([paper], tmp_path / "out")
    result = runner.invoke(app, ["search", "remittances", "--ledger", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "[bold red]reached[/] USD $16.6 bn according to [link=x]Banxico[/link]" in result.stdout


def test_missing_index_is_a_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["search", "remittances", "--ledger", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr.strip().count("\n") == 0 and "no search index" in result.stderr
