"""/api/v1/: the router that assembles the apps' endpoints, the API's root and its 404."""
