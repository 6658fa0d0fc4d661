"""scripts/train_ner.py: how the benchmarks are scored, and how the shipped model is
stored (half-precision tensors, within the 60 MB budget of models/)."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
import torch

from conftest import load_script
from newsie.stages import ner

SIZE_BUDGET_BYTES = 60 * 1000 * 1000


@pytest.fixture(scope="module")
def train_ner() -> ModuleType:
    return load_script("train_ner")


def test_scores_count_gpe_as_loc_and_treat_misc_apart(train_ner: ModuleType) -> None:
    gold = [["B-PER", "I-PER", "O", "B-LOC", "O", "B-MISC", "I-MISC"]]
    # BIOES from the model: the person and the place right, one guess inside MISC.
    pred = [["B-PER", "E-PER", "O", "S-GPE", "O", "S-ORG", "O"]]
    scores = train_ner.score(gold, pred)
    assert scores["PER"]["f1"] == 100.0 and scores["LOC"]["f1"] == 100.0
    assert scores["overall"] == {"p": 66.7, "r": 100.0, "f1": 80.0, "gold": 2, "pred": 3}
    assert scores["overall_misc_neutral"]["f1"] == 100.0
    assert "MISC" not in scores


def test_halve_tensors_stores_only_the_wanted_floats_in_half(
    train_ner: ModuleType, tmp_path: Path
) -> None:
    path = tmp_path / "tagger.pt"
    weights = torch.linspace(-2, 2, 12).reshape(3, 4)
    torch.save(
        {
            "model": {"delta_emb.weight": weights, "lstm.weight": weights.clone()},
            "vocab": {"ids": torch.arange(3)},
        },
        path,
    )
    train_ner.halve_tensors(path, {"delta_emb.weight"}, inner="model")
    data = torch.load(path, weights_only=False)
    assert data["model"]["delta_emb.weight"].dtype == torch.float16
    assert data["model"]["lstm.weight"].dtype == torch.float32
    assert data["vocab"]["ids"].dtype == torch.int64
    # Loading copies back into float32, as Stanza's embeddings do: close to the original.
    restored = torch.empty(3, 4).copy_(data["model"]["delta_emb.weight"])
    assert torch.allclose(restored, weights, atol=1e-3)


def test_halve_tensors_leaves_integer_tensors_alone(train_ner: ModuleType, tmp_path: Path) -> None:
    path = tmp_path / "pretrain.pt"
    torch.save({"emb": torch.arange(6).reshape(2, 3)}, path)
    train_ner.halve_tensors(path, {"emb"})
    assert torch.load(path, weights_only=True)["emb"].dtype == torch.int64


def test_shipped_model_files_fit_the_size_budget() -> None:
    files = [ner.models_dir() / ner.MODEL_FILE, ner.models_dir() / ner.PRETRAIN_FILE]
    if not all(f.exists() for f in files):
        pytest.skip("shipped NER model not built")
    assert sum(f.stat().st_size for f in files) <= SIZE_BUDGET_BYTES
