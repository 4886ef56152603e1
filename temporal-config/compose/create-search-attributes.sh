#!/usr/bin/env bash
# Registers planrrr's search attributes on the compose cluster (docker-compose.yml runs it
# once per `docker compose up`, in the temporalio/admin-tools image). Idempotent: an
# attribute that already exists with the same type is fine; one that exists with another
# type, or any other error, fails the job, and planrrr's server and worker do not start.
#
# Keep ATTRIBUTES equal to temporal-config/search-attributes.ts (the dev server's
# `--search-attribute Name=Type` flags); tests/deployment/compose.test.ts compares them.
set -euo pipefail

ADDRESS="${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS must name the Temporal frontend (host:port)}"
NAMESPACE="${TEMPORAL_NAMESPACE:?TEMPORAL_NAMESPACE must name the namespace planrrr uses}"
WAIT_ATTEMPTS="${WAIT_ATTEMPTS:-60}"
WAIT_SECONDS="${WAIT_SECONDS:-2}"

ATTRIBUTES=(
  PlanrrrPostId=Keyword
  PlanrrrTeamId=Keyword
  PlanrrrPlatforms=KeywordList
  PlanrrrPublishAt=Datetime
  PlanrrrStatus=Keyword
  PlanrrrSeriesId=Keyword
  PlanrrrEvergreenId=Keyword
)

# The server answers before a freshly created namespace reaches every service's cache.
attempt=1
until temporal operator search-attribute list --address "$ADDRESS" --namespace "$NAMESPACE" >/dev/null 2>&1; do
  if ((attempt >= WAIT_ATTEMPTS)); then
    echo "Namespace '$NAMESPACE' on $ADDRESS is not available after $attempt attempts." >&2
    exit 1
  fi
  echo "Waiting for namespace '$NAMESPACE' on $ADDRESS ..."
  attempt=$((attempt + 1))
  sleep "$WAIT_SECONDS"
done

failed=0
for attribute in "${ATTRIBUTES[@]}"; do
  name="${attribute%%=*}"
  type="${attribute#*=}"
  if output=$(temporal operator search-attribute create --address "$ADDRESS" --namespace "$NAMESPACE" --name "$name" --type "$type" 2>&1); then
    echo "$name ($type): registered"
  elif [[ "$output" == *"different type"* ]]; then
    echo "$name: exists with a different type, expected $type. $output" >&2
    failed=1
  elif [[ "$output" == *"already exists"* ]]; then
    echo "$name ($type): already exists"
  else
    echo "$name ($type): $output" >&2
    failed=1
  fi
done
exit "$failed"
