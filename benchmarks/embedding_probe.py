"""Does a static embedding model read daily activity better than the coach's phrase lists?

Held-out sentences (none of them written into fitapp/domain/interpret/about_you.py's lists)
are labelled by hand; each is read (1) by the lexicon, (2) by the nearest prototype under an
embedding model, (3) by the lexicon with the model as a fallback when the lexicon finds
nothing. No-information texts must give nothing. Run with the model packages importable:

    PYTHONPATH=/tmp/emb_tsm:/tmp/emb_wl:$PYTHONPATH python -m benchmarks.embedding_probe

The packages are not project dependencies: the result decides whether they become one.
"""

from __future__ import annotations

import math
import statistics
import time

from fitapp.domain.choices import ACTIVITY_DESCRIPTIONS
from fitapp.domain.interpret import interpret

HELD_OUT = [
    ("I'm an accountant, at my computer from 9 to 6", "sedentary"),
    ("my job is programming so I'm seated most of the time", "sedentary"),
    ("mostly on the sofa after work", "sedentary"),
    ("I drive a taxi all day", "sedentary"),
    ("I work in an office and take the bus", "sedentary"),
    ("I barely leave my chair", "sedentary"),
    ("I walk to the station and back each day", "light"),
    ("a bit of walking to the shops, nothing much", "light"),
    ("I do some gardening on weekends and walk the kids to school", "light"),
    ("part-time in a library, some standing", "light"),
    ("I stroll at lunchtime", "light"),
    ("I'm a postman, walking most of my shift", "moderate"),
    ("I work as a hairdresser, standing all day", "moderate"),
    ("I'm a chef, always on my feet in the kitchen", "moderate"),
    ("shop assistant, up and down all day", "moderate"),
    ("I walk about 10k steps every day", "moderate"),
    ("I'm a bricklayer", "very_active"),
    ("I carry heavy boxes all day at work", "very_active"),
    ("I'm a professional dancer", "very_active"),
    ("I work on a building site lifting things constantly", "very_active"),
    ("I'm a personal trainer, moving all day long", "very_active"),
]
NO_INFORMATION = ["hello?", "what do you mean", "not sure", "can you explain", "ok", "hmm let me think",
                  "why do you need this", "skip"]
PROTOTYPES = {
    "sedentary": [ACTIVITY_DESCRIPTIONS["sedentary"], "I sit at a desk all day", "office job, mostly sitting"],
    "light": [ACTIVITY_DESCRIPTIONS["light"], "I walk a little every day", "some light walking"],
    "moderate": [ACTIVITY_DESCRIPTIONS["moderate"], "I'm on my feet all shift", "I walk a lot"],
    "very_active": [ACTIVITY_DESCRIPTIONS["very_active"], "I have a physical job", "manual labour all day"],
}


def _cos(a, b):
    dot = sum(x * y for x, y in zip(a, b))
    return dot / (math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)) or 1)


def _models():
    models = {}
    try:
        from static_model import get_embeddings

        models["tokenlearn-static-model"] = lambda texts: get_embeddings(list(texts))
    except ImportError:
        pass
    try:
        from wordllama import WordLlama

        wl = WordLlama.load()
        models["wordllama"] = lambda texts: [list(map(float, row)) for row in wl.embed(list(texts))]
    except ImportError:
        pass
    except OSError as error:  # its wheel has the weights but not the tokenizer, which it downloads
        print(f"wordllama: not usable offline ({type(error).__name__}: {str(error)[:90]}...)")
    return models


def nearest(embed, prototypes, text, threshold):
    vector = embed([text])[0]
    scores = {label: max(_cos(vector, p) for p in vecs) for label, vecs in prototypes.items()}
    label, best = max(scores.items(), key=lambda kv: kv[1])
    return label if best >= threshold else None, best


def main() -> None:
    lexicon = [interpret(1, text).answer.get("activity_level") for text, _ in HELD_OUT]
    lex_right = sum(got == want for got, (_, want) in zip(lexicon, HELD_OUT))
    lex_wrong = sum(got is not None and got != want for got, (_, want) in zip(lexicon, HELD_OUT))
    lex_invented = sum(bool(interpret(1, text).answer.get("activity_level")) for text in NO_INFORMATION)
    print(f"lexicon: {lex_right}/{len(HELD_OUT)} right, {lex_wrong} wrong, {lex_invented}/{len(NO_INFORMATION)} no-information texts given a level")
    for name, embed in _models().items():
        started = time.perf_counter()
        prototypes = {label: embed(texts) for label, texts in PROTOTYPES.items()}
        load_ms = (time.perf_counter() - started) * 1000
        for threshold in (0.0, 0.3, 0.5, 0.6, 0.7):
            times, right, fallback_right, invented, wrong, fallback_wrong = [], 0, 0, 0, 0, 0
            for (text, want), lex in zip(HELD_OUT, lexicon):
                t = time.perf_counter()
                got, _ = nearest(embed, prototypes, text, threshold)
                times.append((time.perf_counter() - t) * 1000)
                right += got == want
                wrong += got is not None and got != want
                fallback_right += (lex or got) == want
                fallback_wrong += (lex or got) is not None and (lex or got) != want
            for text in NO_INFORMATION:
                got, _ = nearest(embed, prototypes, text, threshold)
                invented += got is not None
            print(f"{name} threshold {threshold}: model alone {right}/{len(HELD_OUT)} right ({wrong} wrong), lexicon+model "
                  f"fallback {fallback_right}/{len(HELD_OUT)} right ({fallback_wrong} wrong), no-information given a level {invented}/{len(NO_INFORMATION)}, "
                  f"p50 {statistics.median(times):.2f} ms (first load {load_ms:.0f} ms)")


if __name__ == "__main__":
    main()
