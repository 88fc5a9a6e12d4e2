"""The government's response: what the addressee says about a recommendation, with its source."""
