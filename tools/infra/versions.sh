# Pinned versions of what `npm run infra` fetches. The Kafka jars (kafka_2.13 4.2.2 and the log4j
# backend) are pinned in kafka/pom.xml, which `mvn dependency:copy-dependencies` reads.
# Apicurio: 3.0.9 is the newest 3.x release that still runs on Java 17 (3.3.x is built for Java 21).
VIGIL_APICURIO_VERSION=3.0.9
VIGIL_DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
# For the registry tarball only: 2.8's `get -Dtransitive=false` fetches a file without reading its
# parent pom, which the 3.x plugin insists on (and the registry's parent pom is not always there).
VIGIL_DEPENDENCY_PLUGIN_GET=org.apache.maven.plugins:maven-dependency-plugin:2.8
