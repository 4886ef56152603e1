#!/bin/sh
# Creates planrrr's namespace on the compose cluster and registers its search attributes
# (docker-compose.yml runs it once per `docker compose up`, in the temporalio/admin-tools
# image, which has the `temporal` CLI and a POSIX shell, no bash). The server itself creates
# no namespace; runtime/temporal-server.ts does the same for `npm run start:cluster`.
# Idempotent: a namespace or an attribute that already exists is fine; an attribute that
# exists with another type, or any other error, fails the job, and planrrr's server and
# worker do not start.
#
# Keep ATTRIBUTES equal to temporal-config/search-attributes.ts (the dev server's
# `--search-attribute Name=Type` flags); tests/deployment/compose.test.ts compares them.
set -eu

ADDRESS="${TEMPORAL_ADDRESS:?TEMPORAL_ADDRESS must name the Temporal frontend (host:port)}"
NAMESPACE="${TEMPORAL_NAMESPACE:?TEMPORAL_NAMESPACE must name the namespace planrrr uses}"
RETENTION="${TEMPORAL_NAMESPACE_RETENTION:?TEMPORAL_NAMESPACE_RETENTION must say how long finished workflows are kept, e.g. 168h}"
WAIT_ATTEMPTS="${WAIT_ATTEMPTS:-60}"
WAIT_SECONDS="${WAIT_SECONDS:-2}"

ATTRIBUTES="
  PlanrrrPostId=Keyword
  PlanrrrTeamId=Keyword
  PlanrrrPlatforms=KeywordList
  PlanrrrPublishAt=Datetime
  PlanrrrStatus=Keyword
  PlanrrrSeriesId=Keyword
  PlanrrrEvergreenId=Keyword
"

if output=$(temporal operator namespace create --address "$ADDRESS" --namespace "$NAMESPACE" --retention "$RETENTION" 2>&1); then
  echo "Namespace '$NAMESPACE': created (retention $RETENTION)"
else
  case "$output" in
    *"already exists"*) echo "Namespace '$NAMESPACE': already exists (change its retention with: temporal operator namespace update --retention)" ;;
    *) echo "Namespace '$NAMESPACE': $output" >&2; exit 1 ;;
  esac
fi

# The server answers before a freshly created namespace reaches every service's cache.
attempt=1
until temporal operator search-attribute list --address "$ADDRESS" --namespace "$NAMESPACE" >/dev/null 2>&1; do
  if [ "$attempt" -ge "$WAIT_ATTEMPTS" ]; then
    echo "Namespace '$NAMESPACE' on $ADDRESS is not available after $attempt attempts." >&2
    exit 1
  fi
  echo "Waiting for namespace '$NAMESPACE' on $ADDRESS ..."
  attempt=$((attempt + 1))
  sleep "$WAIT_SECONDS"
done

failed=0
for attribute in $ATTRIBUTES; do
  name="${attribute%%=*}"
  type="${attribute#*=}"
  if output=$(temporal operator search-attribute create --address "$ADDRESS" --namespace "$NAMESPACE" --name "$name" --type "$type" 2>&1); then
    echo "$name ($type): registered"
  else
    case "$output" in
      *"different type"*) echo "$name: exists with a different type, expected $type. $output" >&2; failed=1 ;;
      *"already exists"*) echo "$name ($type): already exists" ;;
      *) echo "$name ($type): $output" >&2; failed=1 ;;
    esac
  fi
done
exit "$failed"
