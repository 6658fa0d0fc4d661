"""Train newsie's Arabic NER model (Stanza BiLSTM-CRF) from scratch, reproducibly.

    .venv/bin/python scripts/train_ner.py [--work /work/ner-work] [--budget-minutes 90]

Steps (each skipped when its output exists, unless --force):
 1. data     : AQMAR + WikiFANE/NewsFANE Gold -> stanza JSON (see scripts/ner_data.py)
 2. vectors  : word2vec on the unlabelled news corpus + the training text, normalised
               and tokenised exactly like the pipeline (newsie.text)
 3. pretrain : the top --vocab vectors -> stanza pretrain file models/ar_newsie.pretrain.pt
 4. train    : stanza.models.ner_tagger, stopped by a wall-clock budget (the best dev
               checkpoint is kept) -> models/ar_newsie_nertagger.pt
 5. export   : the networks to ONNX beside the model (newsie.stages.ner.onnx_export):
               what the pipeline runs, through ONNX Runtime
 6. evaluate : entity P/R/F1 per type on AQMAR test (Liu 2019) and ANERcorp CAMeL test,
               through Stanza ("test_aqmar") and through the pipeline's int8 tagger
               ("test_aqmar_int8") -> models/scores.json

Big intermediate files live in --work, never in the repo. Seeds are fixed (1234).
Word2vec is bit-for-bit reproducible only with one worker, the default (gensim threads
race). The tagger stops on a wall-clock budget, so a slower machine trains fewer steps;
--max-steps N (with a budget large enough) repeats a run step for step.
--resume continues an existing tagger (a fresh optimizer on the same vocabulary).
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import sys
import time
from collections import Counter
from collections.abc import Collection
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))

import ner_data

from newsie.text.normalize import normalize
from newsie.text.segment import split_sentences, tokenize

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared" / "data"
SEED = 1234
MODEL_NAME = "ar_newsie_nertagger.pt"
PRETRAIN_NAME = "ar_newsie.pretrain.pt"

# Documented hyper-parameters (README mirrors them). Small enough for 2 CPU cores.
W2V = {"vector_size": 100, "window": 5, "min_count": 3, "sg": 1, "negative": 5, "epochs": 5}
NER = {
    "hidden_dim": 192,
    "char_hidden_dim": 100,
    "char_emb_dim": 64,
    "num_layers": 1,
    "dropout": 0.5,
    "word_dropout": 0.01,
    "optim": "sgd",
    "lr": 0.1,
    "batch_size": 32,
    "eval_interval": 750,
    "max_steps_no_improve": 4000,
    "scheme": "bioes",
}
# Flags: fine-tune only the vectors of training words that the pretrain knows (a delta
# table for every training word would double the model's size).
NER_FLAGS = ["--emb_finetune_known_only"]

log = logging.getLogger("train_ner")


def step_data(work: Path, force: bool) -> None:
    out = work / "data"
    if (out / "train.json").exists() and not force:
        log.info("data: exists, skipped")
        return
    counts = ner_data.build(SHARED / "ner", out)
    (work / "data" / "counts.json").write_text(json.dumps(counts, indent=1))
    log.info("data: %s", counts)


def _corpus_lines(work: Path) -> Path:
    """One tokenised, normalised sentence per line: the word2vec input."""
    path = work / "w2v_corpus.txt"
    if path.exists():
        return path
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as out:
        with gzip.open(SHARED / "corpus" / "news-unlabelled.jsonl.gz", "rt", encoding="utf-8") as f:
            for line in f:
                text = normalize(json.loads(line)["text"]).text
                for s, e in split_sentences(text):
                    words = [t.text for t in tokenize(text[s:e])]
                    if len(words) > 2:
                        out.write(" ".join(words) + "\n")
        for sent in ner_data.read_json(work / "data" / "train.json"):
            out.write(" ".join(tok for tok, _ in sent) + "\n")
    tmp.rename(path)
    return path


def step_vectors(work: Path, vocab: int, workers: int, force: bool) -> Path:
    vec_path = work / "vectors.txt"
    if vec_path.exists() and not force:
        log.info("vectors: exists, skipped")
        return vec_path
    from gensim.models import Word2Vec

    corpus = _corpus_lines(work)
    start = time.time()
    model = Word2Vec(corpus_file=str(corpus), workers=workers, seed=SEED, **W2V)
    log.info("vectors: word2vec trained in %.0fs, %d words", time.time() - start, len(model.wv))
    words = model.wv.index_to_key[:vocab]  # sorted by frequency
    with vec_path.open("w", encoding="utf-8") as out:
        out.write(f"{len(words)} {model.wv.vector_size}\n")
        for word in words:
            vec = " ".join(f"{x:.5f}" for x in model.wv[word])
            out.write(f"{word} {vec}\n")
    return vec_path


def step_pretrain(vec_path: Path, models: Path, vocab: int, force: bool) -> Path:
    from stanza.models.common.pretrain import Pretrain

    out = models / PRETRAIN_NAME
    if out.exists() and not force:
        log.info("pretrain: exists, skipped")
        return out
    models.mkdir(exist_ok=True)
    pretrain = Pretrain(str(out), str(vec_path), max_vocab=vocab)
    pretrain.load()  # reads the text vectors and saves the .pt
    halve_tensors(out, {"emb"})
    log.info("pretrain: %d x %d -> %s", *pretrain.emb.shape, out)
    return out


def halve_tensors(path: Path, keys: Collection[str], inner: str | None = None) -> None:
    """Store the float tensors named by `keys` of a torch file (in its `inner` dict) in float16.

    Why: the vectors and the tagger's fine-tuning deltas are most of the shipped bytes.
    Stanza copies them into its own float32 embeddings when it loads them, so half
    precision halves the files (and so affords a larger vocabulary within the size
    budget) while the scores stay the same (measured: identical on all test sets)."""
    data = torch.load(path, map_location="cpu", weights_only=False)
    table = data[inner] if inner else data
    for key, value in table.items():
        if key in keys and isinstance(value, torch.Tensor) and value.is_floating_point():
            table[key] = value.half()
    torch.save(data, path)


def step_train(
    work: Path,
    models: Path,
    pretrain: Path,
    budget_s: float,
    max_steps: int,
    force: bool,
    resume: Path | None,
    lr: float | None = None,
    overrides: dict[str, str] | None = None,
) -> Path:
    """Stanza's own trainer, for at most `max_steps` steps; the budget sets max_steps to
    0 once time is up, so the loop stops cleanly at the next step and the best dev
    checkpoint stays saved. `max_steps` alone makes a run repeatable step for step.
    With `resume`, training continues from that tagger (fresh optimizer, same vocab);
    `lr` replaces the learning rate (a resumed tagger otherwise keeps its own)."""
    from stanza.models import ner_tagger
    from stanza.models.ner import trainer as ner_trainer

    out = models / MODEL_NAME
    if out.exists() and not force:
        log.info("train: exists, skipped")
        return out
    argv = [
        "--train_file", str(work / "data" / "train.json"),
        "--eval_file", str(work / "data" / "dev.json"),
        "--wordvec_pretrain_file", str(pretrain),
        "--shorthand", "ar_newsie",
        "--save_dir", str(work / "saved"),
        "--save_name", MODEL_NAME,
        "--seed", str(SEED),
        "--cpu",
        "--max_steps", str(max_steps),
        "--log_step", "100",
    ]  # fmt: skip
    for key, value in {**NER, **({"lr": lr} if lr else {}), **(overrides or {})}.items():
        argv += [f"--{key}", str(value)]
    argv += NER_FLAGS
    if resume is not None:
        argv += ["--finetune", "--finetune_load_name", str(resume)]
    args = ner_tagger.parse_args(argv)
    torch.manual_seed(SEED)
    deadline = time.time() + budget_s
    original_update = ner_trainer.Trainer.update

    def update_with_budget(self, batch, eval=False):  # type: ignore[no-untyped-def]
        if time.time() > deadline:
            args["max_steps"] = 0
        if lr and not getattr(self, "lr_replaced", False):
            for group in self.optimizer.param_groups:
                group["lr"] = lr
            self.lr_replaced = True
        return original_update(self, batch, eval=eval)

    ner_trainer.Trainer.update = update_with_budget  # type: ignore[method-assign]
    ner_tagger.utils.set_random_seed(SEED)
    ner_tagger.train(args)
    saved = work / "saved" / MODEL_NAME
    out.write_bytes(saved.read_bytes())
    halve_tensors(out, {"delta_emb.weight"}, inner="model")
    return out


def bioes_to_bio(tags: list[str]) -> list[str]:
    return [
        ("B-" + t[2:]) if t[:2] == "S-" else ("I-" + t[2:]) if t[:2] == "E-" else t for t in tags
    ]


def _prf(tp: int, n_gold: int, n_pred: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": round(100 * p, 1), "r": round(100 * r, 1), "f1": round(100 * f, 1),
            "gold": n_gold, "pred": n_pred}  # fmt: skip


def score(gold: list[list[str]], pred: list[list[str]]) -> dict[str, dict[str, float]]:
    """Exact-span entity P/R/F1 per type and micro overall; GPE counts as LOC.

    Gold MISC spans (ANERcorp) are not entities to find: the model has no MISC. In the
    per-type and "overall" scores a prediction inside one is a false positive;
    "overall_misc_neutral" leaves such predictions out, as neither right nor wrong."""

    def collapse(tags: list[str]) -> list[str]:
        return [t[:2] + ner_data.EVAL_COLLAPSE.get(t[2:], t[2:]) if t != "O" else t for t in tags]

    tp: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    inside_misc = 0
    for g, p in zip(gold, pred, strict=True):
        gs = set(ner_data.spans(collapse(g)))
        misc = [s for s in gs if s[2] == "MISC"]
        gs -= set(misc)
        ps = set(ner_data.spans(collapse(bioes_to_bio(p))))
        for s in gs:
            n_gold[s[2]] += 1
        for s in ps:
            n_pred[s[2]] += 1
            if s not in gs and any(m[0] <= s[0] and s[1] <= m[1] for m in misc):
                inside_misc += 1
        for s in gs & ps:
            tp[s[2]] += 1
    result = {kind: _prf(tp[kind], n_gold[kind], n_pred[kind]) for kind in sorted(n_gold)}
    total = sum(tp.values()), sum(n_gold.values()), sum(n_pred.values())
    result["overall"] = _prf(*total)
    if inside_misc:
        result["overall_misc_neutral"] = _prf(total[0], total[1], total[2] - inside_misc)
    return result


def step_evaluate(work: Path, models: Path) -> dict[str, object]:
    """Scores through Stanza, and through the int8 tagger the pipeline runs by default."""
    from newsie.stages.ner import stanza_model_tagger
    from newsie.stages.ner.model import NerModel

    model, pretrain = models / MODEL_NAME, models / PRETRAIN_NAME
    taggers = {
        "": stanza_model_tagger(model, pretrain),
        "_int8": NerModel(model, pretrain, quantize=True),
    }
    scores: dict[str, object] = {}
    for name in ("test_aqmar", "test_anercorp", "dev"):
        sents = ner_data.read_json(work / "data" / f"{name}.json")
        words = [[tok for tok, _ in s] for s in sents]
        gold = [[tag for _, tag in s] for s in sents]
        for suffix, tagger in taggers.items():
            key = name + suffix
            start = time.time()
            pred = tagger(words)
            elapsed = time.time() - start
            scores[key] = score(gold, pred)
            log.info("%s: %s (%.0f tokens/s)", key, scores[key]["overall"],
                     sum(map(len, words)) / elapsed)  # fmt: skip
    (models / "scores.json").write_text(json.dumps(scores, indent=1) + "\n", "utf-8")
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/work/ner-work"))
    parser.add_argument("--models", type=Path, default=REPO / "models")
    parser.add_argument("--budget-minutes", type=float, default=90.0)
    parser.add_argument("--max-steps", type=int, default=200_000)
    parser.add_argument("--lr", type=float, help=f"learning rate (default {NER['lr']})")
    parser.add_argument("--vocab", type=int, default=150_000)
    parser.add_argument("--w2v-workers", type=int, default=1)
    parser.add_argument("--steps", default="data,vectors,pretrain,train,export,evaluate")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--force", action="store_true")
    parser.add_argument(
        "--resume", type=Path, help="continue training this tagger instead of starting anew"
    )
    parser.add_argument(
        "--ner-option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="replace one tagger hyper-parameter for an experiment (e.g. hidden_dim=256)",
    )
    opts = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # One thread: on a shared 2-core machine two torch threads thrash (measured 3x slower).
    torch.set_num_threads(opts.threads)
    steps = set(opts.steps.split(","))
    opts.work.mkdir(parents=True, exist_ok=True)
    if "data" in steps:
        step_data(opts.work, opts.force)
    vec_path = opts.work / "vectors.txt"
    if "vectors" in steps:
        vec_path = step_vectors(opts.work, opts.vocab, opts.w2v_workers, opts.force)
    pretrain = opts.models / PRETRAIN_NAME
    if "pretrain" in steps:
        pretrain = step_pretrain(vec_path, opts.models, opts.vocab, opts.force)
    if "train" in steps:
        budget_s = opts.budget_minutes * 60
        step_train(
            opts.work,
            opts.models,
            pretrain,
            budget_s,
            opts.max_steps,
            opts.force,
            opts.resume,
            opts.lr,
            dict(option.split("=", 1) for option in opts.ner_option),
        )
    if "export" in steps:
        from newsie.stages.ner.onnx_export import export

        export(opts.models / MODEL_NAME)
    if "evaluate" in steps:
        step_evaluate(opts.work, opts.models)


if __name__ == "__main__":
    main()
