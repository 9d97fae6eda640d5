"""Running Corredor as several replicas: the balancer's configuration, the launcher, a throw-away PostGIS."""
