#!/usr/bin/env bash
# Regenerates the single Initial migration of each provider after a model change.
# Needs dotnet-ef 10.0.x (dotnet tool install -g dotnet-ef --version 10.0.15). No database is contacted.
set -euo pipefail
cd "$(dirname "$0")/../../.."
export PATH="$PATH:$HOME/.dotnet/tools"
rm -rf src/Orchestrator.Infrastructure/Persistence/Migrations src/Orchestrator.Infrastructure.Postgres/Migrations
dotnet ef migrations add Initial --project src/Orchestrator.Infrastructure --startup-project src/Orchestrator.Web \
  --output-dir Persistence/Migrations/Sqlite
dotnet ef migrations add Initial --project src/Orchestrator.Infrastructure.Postgres --startup-project src/Orchestrator.Infrastructure.Postgres \
  --output-dir Migrations
