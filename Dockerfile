# Orchestrator: build, then run as a non-root user with data in a volume.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props Orchestrator.sln ./
COPY src/ src/
COPY wwwroot/ wwwroot/
RUN dotnet publish src/Orchestrator.Web/Orchestrator.Web.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The repository's wwwroot is the web root; publishing copies it into /app/wwwroot.
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    ORCHESTRATOR_WEBROOT=/app/wwwroot \
    Store__DataFolder=/data
RUN mkdir -p /data && chown app:app /data
VOLUME /data
USER app
EXPOSE 8080
ENTRYPOINT ["dotnet", "Orchestrator.Web.dll"]
