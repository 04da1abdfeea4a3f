"""Loads research configs (deps-check reads these imports; the demo image does not run Python)."""
import os

import pandas as pd
import yaml


def load(path: str) -> pd.DataFrame:
    with open(os.path.expanduser(path)) as f:
        return pd.DataFrame(yaml.safe_load(f))
