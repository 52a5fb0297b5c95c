from servicekit.migrations_env import run

from gorontalo_tax.adapters.tables import metadata

run(metadata)
