"""tindustrie : le contrat d'un Territoire d'industrie tenu en YAML."""

__version__ = "0.2.0"
