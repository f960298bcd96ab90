#!/usr/bin/env bash
# ./flashsale deploy [--config-env default|prod] [--check]
# Builds the function jars and checks the stack (infra/template_check.py check: the SAM translator, cfn-lint, the
# template's Rules, the resources a deploy creates, the account's Lambda concurrency quota and API Gateway role).
# --check stops there. Otherwise it deploys the template with each function's CodeUri set to its built jar (no sam
# build needed), publishes the page to its bucket (content-hashed assets with a year's cache first, index.html with
# a short one last, so a page never points at an asset not yet uploaded) and invalidates the page at CloudFront.
# Before the check it prints the stack's ceiling (./flashsale capacity) for the environment's parameters.
# Exit status of --check: 0 fine, 1 template wrong, 2 a tool missing, 3 no AWS account reachable, 4 account refuses.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONFIG_ENV=default
CHECK_ONLY=0
while [ $# -gt 0 ]; do
  case "$1" in
    --config-env) CONFIG_ENV="$2"; shift 2 ;;
    --config-env=*) CONFIG_ENV="${1#*=}"; shift ;;
    --check) CHECK_ONLY=1; shift ;;
    *) echo "deploy: unknown option $1" >&2; exit 2 ;;
  esac
done
tools=(java python3)
[ "$CHECK_ONLY" = 1 ] || tools+=(sam aws)
for tool in "${tools[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || { echo "deploy: $tool is required" >&2; exit 2; }
done
python3 -c "import samtranslator, cfnlint" 2>/dev/null || {
  echo "deploy: python3 needs cfn-lint and the SAM translator: pip install cfn-lint (it brings aws-sam-translator)" >&2
  exit 2
}

echo "building the function jars..."
(cd "$ROOT" && ./mvnw -q -B -DskipTests package \
  -pl functions/admission,functions/orders,functions/admin,functions/reconciler -am)

# The stack's own ceiling for these parameters (./flashsale capacity: files only, no account), when the local runner
# is built; it never stops the check.
RUNNER="$ROOT/infra/local/target/flashsale-local.jar"
if [ -f "$RUNNER" ]; then
  java -Dflashsale.root="$ROOT" -jar "$RUNNER" capacity --config-env "$CONFIG_ENV" || true
else
  echo "capacity: ./flashsale capacity --config-env $CONFIG_ENV prints the purchases/s each bottleneck allows"
fi

python3 "$ROOT/infra/template_check.py" check --config-env "$CONFIG_ENV"
[ "$CHECK_ONLY" = 1 ] && exit 0

# A value of samconfig.toml: samconfig_value <env>.<command>.parameters <key> (key = "value" lines).
samconfig_value() {
  awk -v section="[$1]" -v key="$2" '
    $0 == section { inside = 1; next }
    /^\[/ { inside = 0 }
    inside && $1 == key { gsub(/"/, "", $3); print $3; exit }' "$ROOT/samconfig.toml"
}
STACK=$(samconfig_value "$CONFIG_ENV.global.parameters" stack_name)
# Every aws call names the environment's region: the CLI's default region may be another, where no such stack is.
REGION=$(samconfig_value "$CONFIG_ENV.deploy.parameters" region)
[ -n "$REGION" ] || { echo "deploy: samconfig.toml has no region for $CONFIG_ENV" >&2; exit 2; }
TEMPLATE="$ROOT/.aws-sam/flashsale-deploy/template.json"
python3 "$ROOT/infra/template_check.py" deploy-template --out "$TEMPLATE" >/dev/null

echo "deploying stack $STACK ($CONFIG_ENV)..."
sam deploy --config-file "$ROOT/samconfig.toml" --config-env "$CONFIG_ENV" --template-file "$TEMPLATE"

output() {
  aws cloudformation describe-stacks --region "$REGION" --stack-name "$STACK" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
BUCKET=$(output WebBucketName)
DISTRIBUTION=$(output DistributionId)

WEB=$(mktemp -d)
trap 'rm -rf "$WEB"' EXIT
"$ROOT/flashsale" web export --out "$WEB"
while IFS=$'\t' read -r name type cache; do
  aws s3 cp --region "$REGION" "$WEB/$name" "s3://$BUCKET/$name" --only-show-errors --content-type "$type" --cache-control "$cache"
done < "$WEB/manifest.tsv"

# The page's sign-in settings, read at run time (the page itself is the same file everywhere).
WEB_URL=$(output WebUrl)
printf '{"mode":"cognito","domain":"https://%s","clientId":"%s","redirectUri":"%s/"}\n' \
  "$(output UserPoolDomain)" "$(output UserPoolClientId)" "${WEB_URL%%/\?*}" > "$WEB/auth-config.json"
aws s3 cp --region "$REGION" "$WEB/auth-config.json" "s3://$BUCKET/auth-config.json" --only-show-errors \
  --content-type "application/json" --cache-control "public, max-age=60"

aws cloudfront create-invalidation --region "$REGION" --distribution-id "$DISTRIBUTION" --paths "/" "/index.html" "/auth-config.json" >/dev/null
echo "page:       $(output WebUrl)"
echo "api:        $(output ApiUrl)"
echo "dashboard:  $(output DashboardUrl)"
