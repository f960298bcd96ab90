#!/usr/bin/env bash
# ./flashsale deploy [--config-env default|prod]
# Builds the function jars, deploys the SAM stack, publishes the page to its bucket (content-hashed assets with a
# year's cache first, index.html with a short one last, so a page never points at an asset not yet uploaded), and
# invalidates the page at CloudFront. Needs the SAM CLI and the AWS CLI with credentials for the target account.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONFIG_ENV=default
while [ $# -gt 0 ]; do
  case "$1" in
    --config-env) CONFIG_ENV="$2"; shift 2 ;;
    --config-env=*) CONFIG_ENV="${1#*=}"; shift ;;
    *) echo "deploy: unknown option $1" >&2; exit 2 ;;
  esac
done
for tool in sam aws java; do
  command -v "$tool" >/dev/null 2>&1 || { echo "deploy: $tool is required" >&2; exit 2; }
done

# The stack name of the environment, from samconfig.toml ([<env>.global.parameters] stack_name = "...").
STACK=$(awk -v section="[$CONFIG_ENV.global.parameters]" '
  $0 == section { inside = 1; next }
  /^\[/ { inside = 0 }
  inside && $1 == "stack_name" { gsub(/"/, "", $3); print $3; exit }' "$ROOT/samconfig.toml")
[ -n "$STACK" ] || { echo "deploy: no stack_name for environment $CONFIG_ENV in samconfig.toml" >&2; exit 2; }

echo "building the function jars..."
(cd "$ROOT" && ./mvnw -q -B -DskipTests package)

echo "deploying stack $STACK ($CONFIG_ENV)..."
(cd "$ROOT" && sam deploy --config-env "$CONFIG_ENV" --template-file template.yaml)

output() {
  aws cloudformation describe-stacks --stack-name "$STACK" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
BUCKET=$(output WebBucketName)
DISTRIBUTION=$(output DistributionId)

WEB=$(mktemp -d)
trap 'rm -rf "$WEB"' EXIT
"$ROOT/flashsale" web export --out "$WEB"
while IFS=$'\t' read -r name type cache; do
  aws s3 cp "$WEB/$name" "s3://$BUCKET/$name" --only-show-errors --content-type "$type" --cache-control "$cache"
done < "$WEB/manifest.tsv"

# The page's sign-in settings, read at run time (the page itself is the same file everywhere).
WEB_URL=$(output WebUrl)
printf '{"mode":"cognito","domain":"https://%s","clientId":"%s","redirectUri":"%s/"}\n' \
  "$(output UserPoolDomain)" "$(output UserPoolClientId)" "${WEB_URL%%/\?*}" > "$WEB/auth-config.json"
aws s3 cp "$WEB/auth-config.json" "s3://$BUCKET/auth-config.json" --only-show-errors \
  --content-type "application/json" --cache-control "public, max-age=60"

aws cloudfront create-invalidation --distribution-id "$DISTRIBUTION" --paths "/" "/index.html" "/auth-config.json" >/dev/null
echo "page:       $(output WebUrl)"
echo "dashboard:  $(output DashboardUrl)"
