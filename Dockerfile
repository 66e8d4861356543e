# Builds the fat jar, then runs it on a JRE. docker-compose.yml starts two of these behind a load balancer.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -q package -DskipTests

FROM eclipse-temurin:17-jre
WORKDIR /app
COPY --from=build /src/app/target/kaftalk.jar /app/kaftalk.jar
EXPOSE 8080
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/kaftalk.jar"]
