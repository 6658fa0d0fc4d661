"""newsie's NER model (a Stanza BiLSTM-CRF) run through ONNX Runtime, without Stanza or torch.

The shipped files are Stanza's own (`scripts/train_ner.py` trains them with Stanza), but
Stanza's inference path costs more than the network: importing it pulls in transformers
(about 2 s) and torch (1.4 s), its data loader builds a Stanza Document and tensors in
Python, it copies the 141k x 100 vector table into float32, and `predict` computes the CRF
loss it then throws away. This module computes what `stanza.models.ner.trainer.Trainer.predict`
computes, with:

- the Stanza files read without torch (`checkpoint.py`): vocabularies unpickled, the
  float16 vector tables memory-mapped (rows are widened when looked up, exactly as Stanza's
  float32 copy holds them);
- the networks exported to ONNX beside the model (`onnx_export.py`) and run by ONNX
  Runtime at one thread;
- a per-word cache of the tagger's input (word vector + delta + character BiLSTM, through
  the input transform): these depend on the word alone, so a word seen before skips the
  character model, which otherwise costs as much as the tagger itself;
- one BiLSTM call per batch of sentences sorted by length, and a batched Viterbi decode;
- by default, the tagger's BiLSTM and output layer in int8 (ONNX Runtime's dynamic
  quantisation).

In float32 the tags equal Stanza's (`tests/test_ner_model.py`). Results depend only on the
article, not on what the cache holds: cached rows are the same numbers whatever batch
computed them, to float rounding.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newsie.stages.ner.checkpoint import read_checkpoint
from newsie.stages.ner.onnx_export import SOURCE_KEY, graph_paths, sha256_of

# Stanza's vocabulary prefix: <PAD>, <UNK>, <EMPTY>, <ROOT>.
PAD_ID, UNK_ID, EMPTY_ID, PREFIX_SIZE = 0, 1, 2, 4
# Words whose tagger input is kept; 30k x 300 float32 is 36 MB, and news reuses its words.
CACHE_WORDS = 30_000
# Sentences per BiLSTM call: sorted by length, so a batch pads little.
BATCH_SENTENCES = 64
THREADS_VARIABLE = "NEWSIE_NER_THREADS"
INT8_VARIABLE = "NEWSIE_NER_INT8"


class ModelFilesError(RuntimeError):
    """The ONNX graphs beside a model file are missing or belong to another model file."""


def ner_threads() -> int:
    """Threads the tagger may use: 1 unless $NEWSIE_NER_THREADS says otherwise.
    Parallelism comes from worker processes; a math library's default of one thread per
    core makes a process crawl as soon as another one keeps a core busy (0.5 articles/s
    with torch's default, issue 17)."""
    try:
        return max(1, int(os.environ.get(THREADS_VARIABLE, "1")))
    except ValueError:
        return 1


def int8_default() -> bool:
    """Whether the tagger's BiLSTM and output layer run in int8: yes unless
    $NEWSIE_NER_INT8 is 0. That BiLSTM is most of the stage's time; int8 makes it about
    1.6x faster and moves NER F1 by a few tenths of a point (models/README.md)."""
    return os.environ.get(INT8_VARIABLE, "1").strip().lower() not in ("0", "false", "no", "off")


def _session(path: Path, source: str, threads: int) -> Any:
    """An ONNX Runtime session on one graph, checked to come from the model file."""
    import onnxruntime as ort

    if not path.exists():
        raise ModelFilesError(
            f"{path} is missing: run `python -m newsie.stages.ner.onnx_export MODEL.pt`"
        )
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    if session.get_modelmeta().custom_metadata_map.get(SOURCE_KEY) != source:
        raise ModelFilesError(
            f"{path} was exported from another model file: run "
            "`python -m newsie.stages.ner.onnx_export MODEL.pt` again"
        )
    return session


def fix_singleton_tags(tags: list[str]) -> list[str]:
    """Stanza's repair of a decoded BIOES sequence (stanza.models.ner.trainer): a stray
    I- becomes B- or E-, and a lone B- or E- becomes S-."""
    new = list(tags)
    n = len(new)
    for i, tag in enumerate(new):
        if tag.startswith("I-"):
            kind = tag[2:]
            if i == n - 1 or (new[i + 1] != "I-" + kind and new[i + 1] != "E-" + kind):
                new[i] = "E-" + kind
            if i == 0 or (new[i - 1] != "B-" + kind and new[i - 1] != "I-" + kind):
                new[i] = "B-" + kind
    for i, tag in enumerate(new):
        kind = tag[2:]
        if tag.startswith("B-") and (
            i == n - 1 or (new[i + 1] != "I-" + kind and new[i + 1] != "E-" + kind)
        ):
            new[i] = "S-" + kind
        if tag.startswith("E-") and (
            i == 0 or (new[i - 1] != "B-" + kind and new[i - 1] != "I-" + kind)
        ):
            new[i] = "S-" + kind
    return new


def viterbi_batch(scores: np.ndarray, lengths: Sequence[int], trans: np.ndarray) -> list[list[int]]:
    """Best tag ids per sentence of a padded (batch, time, tags) score array: Stanza's
    `viterbi_decode` (same operations, same tie-breaking), run for the whole batch."""
    batch, steps, _ = scores.shape
    trellis = np.empty_like(scores)
    back = np.zeros(scores.shape, dtype=np.int64)
    trellis[:, 0] = scores[:, 0]
    for t in range(1, steps):
        v = trellis[:, t - 1, :, None] + trans[None]
        best = v.argmax(1)
        back[:, t] = best
        trellis[:, t] = scores[:, t] + np.take_along_axis(v, best[:, None, :], 1)[:, 0]
    paths = []
    for b in range(batch):
        last = lengths[b] - 1
        best = int(trellis[b, last].argmax())
        path = [best]
        row = back[b]
        for t in range(last, 0, -1):
            best = int(row[t, best])
            path.append(best)
        path.reverse()
        paths.append(path)
    return paths


class NerModel:
    """The tagger: `model(sentences)` gives a BIOES tag per word, as Stanza's would."""

    def __init__(self, model_path: Path, pretrain_path: Path, quantize: bool | None = None) -> None:
        ckpt = read_checkpoint(model_path)
        pretrain = read_checkpoint(pretrain_path)
        state: dict[str, Any] = ckpt["model"]
        vocab = ckpt["vocab"]
        args = ckpt["config"]
        if args.get("charlm") or args.get("bert_model") or not args.get("input_transform"):
            raise ValueError(f"{model_path}: not the model shape NerModel runs")
        self.lowercase = bool(args.get("lowercase", True))
        self.char_lowercase = bool(args.get("char_lowercase", False))
        word_vocab = pretrain["vocab"]
        self.word_lower = bool(word_vocab.get("lower", False))
        self.word_ids: dict[str, int] = word_vocab["_unit2id"]
        self.word_list: list[str] = word_vocab["_id2unit"]
        self.delta_ids: dict[str, int] = vocab["delta"]["_unit2id"]
        self.delta_lower = bool(vocab["delta"].get("lower", False))
        # Training words the pretrain lacks (emb_finetune_known_only): Stanza's WordVocab
        # maps them to <EMPTY>, whose delta row the model learnt, not to <UNK>.
        self.delta_ignore: frozenset[str] = frozenset(vocab["delta"].get("ignore") or ())
        self.char_ids: dict[str, int] = vocab["char"]["_unit2id"]
        tags = vocab["tag"]["_id2unit"]
        self.tags: list[str] = list(tags[0] if isinstance(tags, dict) else tags)
        self.outside = self.tags.index("O")
        self.word_emb = pretrain["emb"]  # float16, memory-mapped
        self.delta_emb = state["delta_emb.weight"]
        self.trans = np.asarray(state["crits.0._transitions"], dtype=np.float32)
        self.quantized = int8_default() if quantize is None else quantize
        graphs, source, threads = graph_paths(model_path), sha256_of(model_path), ner_threads()
        self.words_session = _session(graphs["words"], source, threads)
        tagger = graphs["tagger_int8" if self.quantized else "tagger"]
        self.tagger_session = _session(tagger, source, threads)
        self.size = state["input_transform.weight"].shape[0]
        self.cache_rows = np.empty((CACHE_WORDS, self.size), dtype=np.float32)
        self.cache: dict[str, int] = {}

    # --- inputs -------------------------------------------------------------------------

    def _word_id(self, word: str) -> int:
        w = word.lower() if self.lowercase else word
        w = w.lower() if self.word_lower else w
        return self.word_ids.get(w.replace(" ", "\xa0"), UNK_ID)

    def _inputs(self, words: list[str]) -> np.ndarray:
        """Tagger inputs (after the input transform) of distinct words: Stanza's
        word vector + delta, and the final states of the character BiLSTM."""
        word_ids = [self._word_id(w) for w in words]
        delta_ids = []
        for w, wid in zip(words, word_ids, strict=True):
            key = w.lower() if self.lowercase else w
            if key in self.delta_ignore:
                did = EMPTY_ID
            else:
                did = self.delta_ids.get(key.lower() if self.delta_lower else key, UNK_ID)
            delta_ids.append(PAD_ID if did == UNK_ID and wid != UNK_ID else did)
        vectors = self.word_emb[word_ids].astype(np.float32)
        vectors += self.delta_emb[delta_ids].astype(np.float32)
        case = str.lower if self.char_lowercase else str
        chars = [[self.char_ids.get(c, UNK_ID) for c in case(w)] for w in words]
        lengths = np.array([max(1, len(c)) for c in chars], dtype=np.int32)
        padded = np.zeros((len(chars), int(lengths.max())), dtype=np.int64)
        for i, c in enumerate(chars):
            padded[i, : len(c)] = c
        feed = {"chars": padded, "char_lengths": lengths, "vectors": vectors}
        result: np.ndarray = self.words_session.run(None, feed)[0]
        return result

    def _lookup(self, sentences: Sequence[Sequence[str]]) -> np.ndarray:
        """The (batch, longest, size) tagger input of sentences, zero-padded, through the
        per-word cache."""
        new = list(dict.fromkeys(w for s in sentences for w in s if w not in self.cache))
        if len(self.cache) + len(new) > CACHE_WORDS:
            self.cache.clear()  # a new start beats bookkeeping: news text refills it fast
            new = list(dict.fromkeys(w for s in sentences for w in s))
        table, overflow = self.cache_rows, []
        if new:
            rows = self._inputs(new)
            start = len(self.cache)
            room = min(len(new), CACHE_WORDS - start)
            table[start : start + room] = rows[:room]
            self.cache.update(zip(new[:room], range(start, start + room), strict=True))
            if room < len(new):  # more distinct words in one call than the cache holds
                overflow = new[room:]
                table = np.concatenate([table, rows[room:]])
                self.cache.update(zip(overflow, range(CACHE_WORDS, len(table)), strict=True))
        cache = self.cache
        index = np.full((len(sentences), max(map(len, sentences))), -1, dtype=np.int64)
        for i, s in enumerate(sentences):
            index[i, : len(s)] = [cache[w] for w in s]
        padded = table[np.maximum(index, 0)]
        padded[index < 0] = 0.0
        for w in overflow:
            del cache[w]  # its row lives only in this call's table
        return padded

    # --- tagging ------------------------------------------------------------------------

    def __call__(self, sentences: list[list[str]]) -> list[list[str]]:
        result: list[list[str]] = [[] for _ in sentences]
        order = sorted((i for i, s in enumerate(sentences) if s), key=lambda i: -len(sentences[i]))
        for start in range(0, len(order), BATCH_SENTENCES):
            batch = order[start : start + BATCH_SENTENCES]
            tags = self._tag_sorted([sentences[i] for i in batch])
            for i, t in zip(batch, tags, strict=True):
                result[i] = t
        return result

    def _tag_sorted(self, sentences: list[list[str]]) -> list[list[str]]:
        """Tags of sentences sorted longest first (a batch that pads little)."""
        lengths = [len(s) for s in sentences]
        feed = {"inputs": self._lookup(sentences), "lengths": np.array(lengths, dtype=np.int32)}
        scores = self.tagger_session.run(None, feed)[0]
        paths = viterbi_batch(scores, lengths, self.trans)
        names, outside = self.tags, self.outside
        return [
            [names[outside]] * len(path)
            if all(t == outside for t in path)  # most sentences: nothing to repair
            else fix_singleton_tags([names[max(t, PREFIX_SIZE)] for t in path])
            for path in paths
        ]
