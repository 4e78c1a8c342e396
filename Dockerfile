# Build stage: the full Maven/JDK image compiles and packages the Spring Boot jar.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# pom.xml alone first, so dependency downloads stay cached while only sources change.
COPY pom.xml ./
RUN mvn -B -q dependency:go-offline
COPY src ./src
COPY bpmn ./bpmn
COPY forms ./forms
RUN mvn -B -DskipTests package

# Runtime stage: JRE only, non-root user, the jar and a data directory.
FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app certflow \
 && mkdir -p /app/data \
 && chown certflow /app/data
WORKDIR /app
COPY --from=build /src/target/certflow-*.jar /app/certflow.jar
# The command line (certflow autossl check ...): docker exec <container> certflow autossl check --all
COPY bin/certflow /usr/local/bin/certflow
ENV CERTFLOW_JAR=/app/certflow.jar CERTFLOW_URL=http://localhost:8080
USER certflow
# 8080: web UI and REST API; 5002: Certflow's own ACME http-01 responder.
EXPOSE 8080 5002
VOLUME ["/app/data"]
# The throughput collector: on few cores G1's concurrent work costs about a tenth of the issuance rate
# (README, benchmark). JAVA_TOOL_OPTIONS can still add or override options.
ENTRYPOINT ["java", "-XX:+UseParallelGC", "-jar", "/app/certflow.jar"]
