from servicekit.migrations_env import run

from gorontalo_permits.adapters.tables import metadata

run(metadata)
