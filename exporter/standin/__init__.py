"""Stand-in Jetonomy 1.9.3 server: what tests, demos and benchmarks crawl instead of a real site.

It serves a dataset (docs/dataset-format.md) over real HTTP with Jetonomy's visibility rules,
serializers, pagination, envelopes, headers and live quirks (../shared/jetonomy-api/CONTRACT.md).

    from exporter.standin import load_dataset, create_app, serve_in_thread
    with serve_in_thread(create_app(load_dataset(path))) as url:
        ...  # crawl url
"""

from .app import create_app
from .dataset import Dataset, dataset_from_dict, load_dataset
from .faults import FaultConfig
from .server import StandinServerError, serve_in_thread
from .auth import AuthConfig, app_password_resolver
from .viewer import GUEST, Viewer

__all__ = [
    "AuthConfig", "Dataset", "FaultConfig", "GUEST", "StandinServerError", "Viewer", "app_password_resolver",
    "create_app", "dataset_from_dict", "load_dataset", "serve_in_thread",
]
