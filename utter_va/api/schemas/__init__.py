"""jsonschema documents of the API request bodies."""
