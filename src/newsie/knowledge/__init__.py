"""Knowledge of the world that several stages share: nationalities, ranks and offices,
named armed actors, military vocabulary, personal names, and the user's own lexicons.
Stages import it from here, never from each other (tests/test_architecture.py checks it)."""
