"""The NER model run without Stanza or torch (newsie.stages.ner.model, ONNX Runtime) against
Stanza's own inference, and the means that make it fast: batching, the word cache, the
thread cap, reading the model files without torch."""

from __future__ import annotations

import pickle
import random
import subprocess
import sys

import numpy as np
import pytest

from newsie.stages import ner
from newsie.stages.ner import model as ner_model
from newsie.stages.ner import onnx_export
from newsie.stages.ner.checkpoint import CheckpointError, read_checkpoint
from newsie.stages.ner.model import NerModel, fix_singleton_tags, viterbi_batch

MODEL_READY = (ner.models_dir() / ner.MODEL_FILE).exists() and (
    ner.models_dir() / ner.PRETRAIN_FILE
).exists()
needs_model = pytest.mark.skipif(not MODEL_READY, reason="shipped NER model not built")

# Normalised and tokenised as the pipeline does. Names, clitics, a word the vectors lack
# (دانابالا, whose delta row is <EMPTY>'s), Latin script, digits, one 1-word sentence.
TEXTS = (
    "وقال الرئيس الامريكي جو بايدن في واشنطن ان الولايات المتحده ستواصل دعم اوكرانيا .",
    "واكد المتحدث باسم منظمه الصحه العالميه ان الوضع في قطاع غزه خطير .",
    "التقى وبالمر مع دانابالا في كولومبو يوم 12 مارس .",
    "بغداد",
    "اعلنت وزاره الداخليه العراقيه مقتل 3 من عناصر داعش في كركوك والانبار",
    "وصل محمد شياع السوداني الى عمان للقاء الملك عبد الله الثاني و Reuters",
    "قال مسؤول في الامم المتحده ان " + "الوضع صعب و " * 30 + "انتهى .",
)
SENTENCES = [text.split() for text in TEXTS]


@pytest.fixture(scope="module")
def model() -> NerModel:
    """The float32 model: its tags must equal Stanza's exactly."""
    folder = ner.models_dir()
    return NerModel(folder / ner.MODEL_FILE, folder / ner.PRETRAIN_FILE, quantize=False)


@needs_model
def test_same_tags_as_stanzas_own_inference(model: NerModel) -> None:
    folder = ner.models_dir()
    reference = ner.stanza_model_tagger(folder / ner.MODEL_FILE, folder / ner.PRETRAIN_FILE)
    expected = reference(SENTENCES)
    assert model(SENTENCES) == expected
    assert any(t != "O" for tags in expected for t in tags)  # the sentences do hold names


@needs_model
def test_int8_is_the_default_and_finds_the_same_names(
    model: NerModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = ner.models_dir()
    int8 = NerModel(folder / ner.MODEL_FILE, folder / ner.PRETRAIN_FILE)
    assert int8.quantized
    assert int8(SENTENCES) == model(SENTENCES)  # int8 moves F1 by 0.2 at most: not here
    monkeypatch.setenv("NEWSIE_NER_INT8", "0")
    assert not NerModel(folder / ner.MODEL_FILE, folder / ner.PRETRAIN_FILE).quantized


@needs_model
@pytest.mark.parametrize("int8", [False, True])
def test_batched_tags_equal_one_sentence_at_a_time(int8: bool) -> None:
    folder = ner.models_dir()
    model = NerModel(folder / ner.MODEL_FILE, folder / ner.PRETRAIN_FILE, quantize=int8)
    alone = [model([s])[0] for s in SENTENCES]
    shuffled = list(range(len(SENTENCES)))
    random.Random(7).shuffle(shuffled)
    together = model([SENTENCES[i] for i in shuffled])
    assert [together[shuffled.index(i)] for i in range(len(SENTENCES))] == alone
    assert model([[], SENTENCES[3], []]) == [[], alone[3], []]


@needs_model
def test_word_cache_overflow_and_reset_keep_the_tags(
    model: NerModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = model(SENTENCES)
    folder = ner.models_dir()
    monkeypatch.setattr(ner_model, "CACHE_WORDS", 8)  # fewer than one call's words
    small = NerModel(folder / ner.MODEL_FILE, folder / ner.PRETRAIN_FILE, quantize=False)
    assert small(SENTENCES) == expected
    assert len(small.cache) <= 8
    assert small(SENTENCES[:2]) == expected[:2]  # after a reset of the full cache


@needs_model
def test_one_thread_unless_told(monkeypatch: pytest.MonkeyPatch) -> None:
    folder = ner.models_dir()

    def threads() -> int:
        model = NerModel(folder / ner.MODEL_FILE, folder / ner.PRETRAIN_FILE)
        options = model.tagger_session.get_session_options()
        return int(options.intra_op_num_threads)

    monkeypatch.delenv("NEWSIE_NER_THREADS", raising=False)
    assert threads() == 1
    monkeypatch.setenv("NEWSIE_NER_THREADS", "2")
    assert threads() == 2
    monkeypatch.setenv("NEWSIE_NER_THREADS", "many")
    assert ner_model.ner_threads() == 1


@needs_model
def test_the_stage_runs_without_importing_stanza_or_torch() -> None:
    code = (
        "import sys\n"
        "from newsie.stages.ner import load_tagger\n"
        "tags = load_tagger('newsie')([['جو', 'بايدن', 'في', 'واشنطن']])\n"
        "assert any(t != 'O' for t in tags[0]), tags\n"
        "loaded = {'stanza', 'transformers', 'torch', 'onnx'} & set(sys.modules)\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_viterbi_batch_equals_stanzas_decoder() -> None:
    crf = pytest.importorskip("stanza.models.common.crf")
    rng = np.random.default_rng(3)
    trans = rng.normal(size=(6, 6)).astype(np.float32)
    lengths = [9, 5, 1, 3]
    scores = rng.normal(size=(4, 9, 6)).astype(np.float32)
    paths = viterbi_batch(scores, lengths, trans)
    for b, n in enumerate(lengths):
        expected, _ = crf.viterbi_decode(scores[b, :n], trans)
        assert paths[b] == [int(x) for x in expected]


def test_singleton_repair_equals_stanzas() -> None:
    trainer = pytest.importorskip("stanza.models.ner.trainer")
    rng = random.Random(5)
    labels = ["O", "B-PER", "I-PER", "E-PER", "S-PER", "B-LOC", "I-LOC", "E-LOC"]
    for _ in range(500):
        tags = [rng.choice(labels) for _ in range(rng.randint(1, 7))]
        assert fix_singleton_tags(tags) == trainer.fix_singleton_tags(tags)


def test_model_files_are_read_as_torch_reads_them(tmp_path) -> None:  # type: ignore[no-untyped-def]
    torch = pytest.importorskip("torch")
    path = tmp_path / "weights.pt"
    saved = {
        "half": torch.arange(12, dtype=torch.float16).reshape(3, 4),
        "strided": torch.arange(12.0).reshape(3, 4).t(),  # a view with other strides
        "ids": torch.tensor([7, -1], dtype=torch.int64),
        "empty": torch.zeros(0),
        "vocab": {"words": ["a", "b"], "lower": True, "ignore": {"c"}},
    }
    torch.save(saved, path)
    read = read_checkpoint(path)
    for key in ("half", "strided", "ids", "empty"):
        assert read[key].dtype == saved[key].numpy().dtype
        assert np.array_equal(read[key], saved[key].numpy())
    assert read["vocab"] == saved["vocab"]


def test_model_files_may_not_name_code(tmp_path) -> None:  # type: ignore[no-untyped-def]
    torch = pytest.importorskip("torch")
    path = tmp_path / "evil.pt"
    torch.save({"vocab": {"x": print}}, path)  # a global that is not a tensor or a dict
    with pytest.raises(pickle.UnpicklingError, match="print is not allowed"):
        read_checkpoint(path)
    path.write_bytes(b"not a zip")
    with pytest.raises(CheckpointError, match="not a torch zip checkpoint"):
        read_checkpoint(path)


@needs_model
def test_shipped_graphs_are_the_export_of_the_shipped_model(tmp_path) -> None:  # type: ignore[no-untyped-def]
    onnx = pytest.importorskip("onnx")
    from onnx import numpy_helper

    folder = ner.models_dir()
    copy = tmp_path / ner.MODEL_FILE
    copy.write_bytes((folder / ner.MODEL_FILE).read_bytes())
    fresh = onnx_export.export(copy)
    shipped = onnx_export.graph_paths(folder / ner.MODEL_FILE)
    for kind, path in fresh.items():
        a, b = onnx.load(path), onnx.load(shipped[kind])
        assert [n.op_type for n in a.graph.node] == [n.op_type for n in b.graph.node], kind
        for x, y in zip(a.graph.initializer, b.graph.initializer, strict=True):
            assert x.name == y.name
            assert np.array_equal(numpy_helper.to_array(x), numpy_helper.to_array(y)), x.name


@needs_model
def test_graphs_of_another_model_file_are_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = ner.models_dir()
    copy = tmp_path / ner.MODEL_FILE
    copy.write_bytes((folder / ner.MODEL_FILE).read_bytes() + b"\0")  # another file's hash
    for kind, path in onnx_export.graph_paths(folder / ner.MODEL_FILE).items():
        onnx_export.graph_paths(copy)[kind].write_bytes(path.read_bytes())
    with pytest.raises(ner_model.ModelFilesError, match="another model file"):
        NerModel(copy, folder / ner.PRETRAIN_FILE)
    onnx_export.graph_paths(copy)["words"].unlink()
    with pytest.raises(ner_model.ModelFilesError, match="missing"):
        NerModel(copy, folder / ner.PRETRAIN_FILE)
