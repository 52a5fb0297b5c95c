from servicekit.migrations_env import run

from gorontalo_identity.adapters.tables import metadata

run(metadata)
