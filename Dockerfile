# syntax=docker/dockerfile:1
# One image for every app; SERVICE picks which runnable jar it runs:
#   docker build --build-arg SERVICE=profile-service -t pluralign/profile-service .
# docker-compose.yml builds all five this way (the build stage is shared and cached).
# MAVEN_PROFILES=cuda builds with DJL's CUDA PyTorch library (docker-compose.gpu.yml does this for steering-service).

FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
ARG MAVEN_PROFILES=""
COPY . .
RUN --mount=type=cache,target=/root/.m2 chmod +x mvnw \
    && ./mvnw -B -DskipTests ${MAVEN_PROFILES:+-P$MAVEN_PROFILES} package

FROM eclipse-temurin:17-jre
ARG SERVICE
ARG VERSION=0.1.0-SNAPSHOT
RUN if [ -z "$SERVICE" ]; then echo "build with --build-arg SERVICE=<module>, e.g. profile-service" >&2; exit 1; fi \
    && useradd --system --uid 10001 --home-dir /app --shell /usr/sbin/nologin pluralign
WORKDIR /app
COPY --from=build /src/${SERVICE}/target/${SERVICE}-${VERSION}-exec.jar /app/app.jar
# The bundled model (4 MB): steering-service's default models/pluralign-mini resolves here (WORKDIR /app); mount
# another folder and set PLURALIGN_STEERING_MODEL_PATH to serve a different Hugging Face model.
COPY --from=build /src/models /app/models
USER 10001
# The Vector API module lets the inference engine decode on the CPU in plain Java, and a passive OpenMP wait policy
# keeps PyTorch's idle threads from spinning on the cores it decodes on (libs/inference-engine/README.md).
ENV OMP_WAIT_POLICY=PASSIVE
ENV JAVA_OPTS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError --add-modules jdk.incubator.vector"
# exec: the JVM is PID 1 and gets the SIGTERM of `docker stop`, so Spring shuts down gracefully.
ENTRYPOINT ["sh", "-c", "exec java $JAVA_OPTS -jar /app/app.jar"]
