"""The year's definitions: units.yaml, indicators.yaml and config.yaml, loaded, joined and checked."""
