from servicekit.migrations_env import run

from gorontalo_inbox.adapters.tables import metadata

run(metadata)
