#!/usr/bin/env python3
"""template.yaml as CloudFormation will see it, checked offline with the SAM translator and cfn-lint.

  template_check.py matrix --out DIR
      transforms the template for every combination of its options and lints each result; writes DIR/<case>.json
      (the transformed template) and prints one JSON line per case: {"case", "parameters", "errors", "warnings",
      "created" (the logical ids a deploy creates), "reserved" (reserved concurrency by function)}.
  template_check.py check [--config-env default] [--region R] [--parameter K=V ...] [--recorded DIR]
      what ./flashsale deploy --check does after the build: transform, lint and the template's Rules for the
      environment's parameters (samconfig.toml), the resources a deploy would create, then the AWS account: its
      Lambda concurrency quota against the stack's reservations, and API Gateway's CloudWatch role.
      --recorded DIR answers the AWS CLI calls from DIR/<service>-<operation>.json instead (tests).
  template_check.py deploy-template --out FILE
      the template with each function's CodeUri set to its built jar, for sam deploy without sam build.
  template_check.py waf-description-patterns
      the Description pattern of each WAFv2 resource type, from cfn-lint's resource schemas.

Exit status: 0 fine; 1 the template is wrong (transform, lint or Rules); 2 usage or a missing tool;
3 stopped where an AWS account is needed and none is reachable; 4 the account would refuse the deploy.
"""
import argparse
import copy
import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "template.yaml"

try:
    from samtranslator.translator.transform import transform
    from samtranslator.yaml_helper import yaml_parse
    import cfnlint.api
    from cfnlint.config import ManualArgs
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER
except ImportError as missing:
    sys.exit(print(f"template_check: needs the SAM translator and cfn-lint in python3 ({missing}); "
                   "install them with: pip install cfn-lint  (it brings aws-sam-translator)", file=sys.stderr) or 2)

# cfn-lint rules left out, each with its reason. None so far: every error counts.
EXCLUDED_RULES = {}

# Lambda keeps this much of the account's concurrency unreserved; a deploy reserving into it fails.
UNRESERVED_MINIMUM = 100

# The options a deploy chooses between. Every combination is transformed and linted.
OPTIONS = {
    "StockBackend": ["dynamodb", "redis"],
    "WafEnabled": ["true", "false"],
    "AlarmEmail": ["ops@example.com", ""],
    "WebFailoverBucketDomain": ["flashsale-web-replica.s3.us-west-2.amazonaws.com", ""],
    "StockWarmWriteUnits": ["6000", "0"],
}
# What the redis backend needs besides (a deploy names its own VPC).
REDIS_NETWORK = {
    "VpcId": "vpc-0123456789abcdef0",
    "SubnetIds": "subnet-0123456789abcdef0,subnet-0123456789abcdef1",
    "RouteTableIds": "rtb-0123456789abcdef0",
    "SecurityGroupId": "sg-0123456789abcdef0",
}
# Set in every case: "fake" is the only payment provider this build has, and the Rules allow it on test stacks only.
EVERY_CASE = {"TestStack": "true"}
# Single options beyond the combinations, each on top of the case it names.
VARIANTS = {
    "account-role-created": ("dynamodb-waf", {"ApiGatewayAccountRole": "create"}),
    "existing-vpc-endpoints": ("redis-waf", {"VpcInterfaceEndpoints": "existing"}),
    "no-admission-reservation": ("dynamodb-nowaf", {"AdmissionReservedConcurrency": "0"}),
    "bot-control": ("dynamodb-waf", {"BotControl": "true"}),
    "ses-email": ("redis-waf", {"CognitoEmailSourceArn": "arn:aws:ses:us-east-1:123456789012:identity/shop.example",
                                "CognitoEmailFrom": "Shop <no-reply@shop.example>"}),
    "origin-secret-rotated": ("redis-waf", {"OriginSecretGeneration": "3"}),
    "ses-email-no-from": ("dynamodb-nowaf", {"CognitoEmailSourceArn":
                                             "arn:aws:ses:us-east-1:123456789012:identity/shop.example"}),
    "threat-protection-audit": ("dynamodb-waf", {"CognitoThreatProtection": "AUDIT"}),
    "threat-protection-enforced": ("redis-nowaf", {"CognitoThreatProtection": "ENFORCED"}),
    "cache-prescaled": ("redis-waf", {"CacheMinimumEcpuPerSecond": "100000"}),
}


def load_template():
    return yaml_parse(TEMPLATE.read_text())


def packaged(template):
    """What sam package hands to CloudFormation: each function's local CodeUri replaced by an S3 location."""
    template = copy.deepcopy(template)
    for logical_id, resource in template["Resources"].items():
        properties = resource.get("Properties", {})
        if resource["Type"] == "AWS::Serverless::Function" and isinstance(properties.get("CodeUri"), str) \
                and not properties["CodeUri"].startswith("s3://"):
            properties["CodeUri"] = f"s3://sam-packaged-artifacts/{logical_id}.zip"
    return template


class NoManagedPolicies:
    """The translator asks IAM for AWS managed policy names only when a function names one; none here does."""

    def load(self):
        return {}


def translate(template, parameters, region):
    os.environ["AWS_DEFAULT_REGION"] = region
    return transform(packaged(template), dict(parameters), NoManagedPolicies())


def not_deployed(translated, parts, values, created):
    """True when a path of the template leads into a resource, or an Fn::If branch, these values do not create."""
    if len(parts) > 1 and parts[0] == "Resources" and parts[1] not in created:
        return True
    conditions, node = translated.get("Conditions", {}), translated
    for key, following in zip(parts, parts[1:] + [None]):
        if key == "Fn::If" and following in (1, 2) and isinstance(node, dict):
            taken = evaluate(conditions[node["Fn::If"][0]], values, conditions)
            if taken != (following == 1):
                return True
        try:
            node = node[key]
        except (KeyError, IndexError, TypeError):
            return False
    return False


def lint(translated, region, parameters, created):
    """(errors, warnings): cfn-lint's findings on the transformed template, as 'RULE path: message'. The
    parameters' values go in as their defaults, so that cfn-lint checks the values a deploy would pass. Warnings
    about resources these values do not create (the Redis VPC's, on the DynamoDB backend) are left out."""
    values = parameter_values(translated, parameters, region)
    translated = copy.deepcopy(translated)
    for name, value in parameters.items():
        if name in translated.get("Parameters", {}):
            translated["Parameters"][name]["Default"] = value
    config = ManualArgs(regions=[region], ignore_checks=list(EXCLUDED_RULES))
    errors, warnings = [], []
    for match in cfnlint.api.lint(json.dumps(translated), config=config):
        parts = list(getattr(match, "path", None) or [])
        text = f"{match.rule.id} {'/'.join(str(part) for part in parts)}: {match.message}"
        if match.rule.id.startswith("E"):
            errors.append(text)
        elif not not_deployed(translated, parts, values, created):
            warnings.append(text)
    return errors, warnings


# ---------------------------------------------------------------- parameters, conditions and rules, resolved here

def parameter_values(template, overrides, region):
    values = {name: str(definition.get("Default", "")) for name, definition in template.get("Parameters", {}).items()}
    values.update(overrides)
    values.update({"AWS::Region": region, "AWS::NoValue": None, "AWS::Partition": "aws"})
    return values


def evaluate(expression, values, conditions):
    """Ref, Fn::Equals/Not/And/Or/If/Contains and Condition over parameter values: enough for Conditions and Rules."""
    if isinstance(expression, dict) and len(expression) == 1:
        (function, argument), = expression.items()
        if function == "Ref":
            if argument not in values:
                raise ValueError(f"cannot resolve Ref {argument} offline")
            return values[argument]
        if function == "Condition":
            return evaluate(conditions[argument], values, conditions)
        if function == "Fn::Equals":
            left, right = (evaluate(a, values, conditions) for a in argument)
            return str(left) == str(right)
        if function == "Fn::Not":
            return not evaluate(argument[0], values, conditions)
        if function == "Fn::And":
            return all(evaluate(a, values, conditions) for a in argument)
        if function == "Fn::Or":
            return any(evaluate(a, values, conditions) for a in argument)
        if function == "Fn::If":
            name, when_true, when_false = argument
            return evaluate(when_true if evaluate(conditions[name], values, conditions) else when_false,
                            values, conditions)
        if function == "Fn::Contains":
            return str(evaluate(argument[1], values, conditions)) in [str(v) for v in argument[0]]
    return expression


def failed_rules(template, values):
    """The AssertDescription of every Rules assertion that fails for these values (CloudFormation's own check)."""
    failures = []
    conditions = template.get("Conditions", {})
    for name, rule in template.get("Rules", {}).items():
        if "RuleCondition" in rule and not evaluate(rule["RuleCondition"], values, conditions):
            continue
        for assertion in rule.get("Assertions", []):
            if not evaluate(assertion["Assert"], values, conditions):
                failures.append(f"{name}: {' '.join(assertion.get('AssertDescription', 'assertion failed').split())}")
    return failures


def created_resources(translated, values):
    conditions = translated.get("Conditions", {})
    return {logical_id: resource for logical_id, resource in translated["Resources"].items()
            if "Condition" not in resource or evaluate(conditions[resource["Condition"]], values, conditions)}


def reservations(translated, values):
    """{function logical id: reserved concurrency} for the functions that reserve any."""
    conditions = translated.get("Conditions", {})
    reserved = {}
    for logical_id, resource in created_resources(translated, values).items():
        if resource["Type"] == "AWS::Lambda::Function":
            value = evaluate(resource["Properties"].get("ReservedConcurrentExecutions"), values, conditions)
            if value is not None:
                reserved[logical_id] = int(value)
    return reserved


# ---------------------------------------------------------------- matrix

def cases():
    for combination in itertools.product(*OPTIONS.values()):
        parameters = dict(zip(OPTIONS, combination), **EVERY_CASE)
        if parameters["StockBackend"] == "redis":
            parameters.update(REDIS_NETWORK)
        name = "-".join([parameters["StockBackend"], "waf" if parameters["WafEnabled"] == "true" else "nowaf",
                         "email" if parameters["AlarmEmail"] else "noemail",
                         "failover" if parameters["WebFailoverBucketDomain"] else "nofailover",
                         "warm" if parameters["StockWarmWriteUnits"] != "0" else "cold"])
        yield name, parameters
    base = {"StockBackend": "dynamodb", "WafEnabled": "true", "AlarmEmail": "", "WebFailoverBucketDomain": "",
            "StockWarmWriteUnits": "0"}
    for name, (on, extra) in VARIANTS.items():
        backend, waf = on.split("-")
        parameters = dict(base, StockBackend=backend, WafEnabled="true" if waf == "waf" else "false", **EVERY_CASE,
                          **extra)
        if backend == "redis":
            parameters.update(REDIS_NETWORK)
        yield name, parameters


def matrix_case(out, name, parameters):
    template = load_template()
    translated = translate(template, parameters, "us-east-1")
    (out / f"{name}.json").write_text(json.dumps(translated, indent=1))
    values = parameter_values(template, parameters, "us-east-1")
    errors, warnings = lint(translated, "us-east-1", parameters, created_resources(translated, values))
    errors += [f"Rules {failure}" for failure in failed_rules(template, values)]
    return {"case": name, "parameters": parameters, "errors": errors, "warnings": warnings,
            "created": sorted(created_resources(translated, values)), "reserved": reservations(translated, values)}


def matrix(out):
    """The cases on every core (each is CPU-bound and independent), reported in order."""
    from concurrent.futures import ProcessPoolExecutor
    out.mkdir(parents=True, exist_ok=True)
    failed = False
    with ProcessPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        futures = [pool.submit(matrix_case, out, name, parameters) for name, parameters in cases()]
        for future in futures:
            result = future.result()
            failed |= bool(result["errors"])
            print(json.dumps(result), flush=True)
    return 1 if failed else 0


# ---------------------------------------------------------------- check

def samconfig(config_env):
    """(stack name, region, parameter overrides) of an environment of samconfig.toml."""
    try:
        import tomllib
        config = tomllib.loads((ROOT / "samconfig.toml").read_text())
    except ImportError:  # Python before 3.11: the file's simple 'key = "value"' lines are enough
        config, section = {}, None
        for line in (ROOT / "samconfig.toml").read_text().splitlines():
            if re.match(r"^\[.+]$", line.strip()):
                section = config
                for part in line.strip()[1:-1].split("."):
                    section = section.setdefault(part, {})
            elif "=" in line and section is not None and not line.lstrip().startswith("#"):
                key, value = line.split("=", 1)
                section[key.strip()] = value.strip().strip('"')
    if config_env not in config:
        raise SystemExit(print(f"check: no environment {config_env} in samconfig.toml", file=sys.stderr) or 2)
    environment = config[config_env]
    deploy = environment.get("deploy", {}).get("parameters", {})
    stack = environment.get("global", {}).get("parameters", {}).get("stack_name", "flashsale")
    overrides = dict(pair.split("=", 1) for pair in deploy.get("parameter_overrides", "").split())
    return stack, deploy.get("region", "us-east-1"), overrides


class AccountUnreachable(Exception):
    pass


class NotFound(Exception):
    pass


def aws_cli(region):
    """Calls the AWS CLI (the deploy needs it anyway), which takes credentials from its usual chain."""

    def call(service, operation, *arguments):
        try:
            done = subprocess.run(["aws", service, operation, "--region", region, "--output", "json", *arguments],
                                  capture_output=True, text=True, timeout=60)
        except FileNotFoundError:
            raise AccountUnreachable("the AWS CLI (aws) is not installed")
        except subprocess.TimeoutExpired:
            raise AccountUnreachable(f"aws {service} {operation} got no answer within 60 s")
        if done.returncode != 0:
            message = " ".join(done.stderr.split()) or f"aws {service} {operation} failed"
            if "does not exist" in message or "NotFound" in message:
                raise NotFound(message)
            raise AccountUnreachable(message)
        return json.loads(done.stdout or "{}")

    return call


def recorded(directory):
    """Recorded AWS CLI answers: DIR/<service>-<operation>.json; no file means the thing does not exist."""

    def call(service, operation, *arguments):
        name = "-".join([service, operation] + [a for a in arguments if not a.startswith("--")])
        answer = Path(directory) / f"{name}.json"
        if not answer.exists():
            raise NotFound(f"{service} {operation}: not found")
        return json.loads(answer.read_text())

    return call


def existing_reservations(call, stack):
    """What the stack's functions already reserve (an update frees it before reserving again)."""
    try:
        resources = call("cloudformation", "describe-stack-resources", "--stack-name", stack)["StackResources"]
    except NotFound:
        return 0
    total = 0
    for resource in resources:
        if resource["ResourceType"] == "AWS::Lambda::Function":
            try:
                answer = call("lambda", "get-function-concurrency", "--function-name", resource["PhysicalResourceId"])
            except NotFound:
                continue
            total += int(answer.get("ReservedConcurrentExecutions", 0) or 0)
    return total


def check(config_env, region, extra, recorded_dir):
    stack, configured_region, overrides = samconfig(config_env)
    region = region or configured_region
    overrides.update(extra)
    template = load_template()
    values = parameter_values(template, overrides, region)
    print(f"check: stack {stack} in {region}, parameters: {' '.join(f'{k}={v}' for k, v in sorted(overrides.items()))}")

    problems = [f"Rules {failure}" for failure in failed_rules(template, values)]
    try:
        translated = translate(template, overrides, region)
    except Exception as failure:  # the translator's own message says what is wrong
        print(f"check: the SAM translator refuses the template: {failure}", file=sys.stderr)
        return 1
    created = created_resources(translated, values)
    errors, warnings = lint(translated, region, overrides, created)
    problems += errors
    for warning in warnings:
        print(f"  cfn-lint warning: {warning}")
    if problems:
        for problem in problems:
            print(f"check: {problem}", file=sys.stderr)
        print(f"check: the template would not deploy ({len(problems)} problem(s)); nothing was deployed",
              file=sys.stderr)
        return 1
    print(f"check: transformed by the SAM translator and linted by cfn-lint: no error ({len(warnings)} warning(s))")

    print(f"check: a deploy would create {len(created)} resources:")
    by_type = {}
    for logical_id, resource in created.items():
        by_type.setdefault(resource["Type"], []).append(logical_id)
    for resource_type in sorted(by_type):
        print(f"  {len(by_type[resource_type]):3d} {resource_type}: {', '.join(sorted(by_type[resource_type]))}")
    reserved = reservations(translated, values)
    reserved_total = sum(reserved.values())
    print(f"check: reserved concurrency {reserved_total} "
          f"({', '.join(f'{k} {v}' for k, v in sorted(reserved.items())) or 'none'})")

    call = recorded(recorded_dir) if recorded_dir else aws_cli(region)
    try:
        limits = call("lambda", "get-account-settings")["AccountLimit"]
        already = existing_reservations(call, stack)
        api_account = call("apigateway", "get-account")
    except (AccountUnreachable, NotFound) as failure:
        print(f"check: stopped before the AWS account checks (Lambda concurrency quota, API Gateway's CloudWatch "
              f"role): no AWS account reachable in {region}: {failure}", file=sys.stderr)
        print("check: everything before needs no account and passed; give credentials (AWS_PROFILE, aws configure, "
              "aws sso login) to check the account too", file=sys.stderr)
        return 3

    quota, unreserved = int(limits["ConcurrentExecutions"]), int(limits["UnreservedConcurrentExecutions"])
    left = unreserved + already - reserved_total
    refusals = []
    print(f"check: account concurrency quota {quota}, unreserved now {unreserved}"
          + (f" (this stack already reserves {already})" if already else "") + f"; after the deploy {left}")
    if left < UNRESERVED_MINIMUM:
        refusals.append(
            f"the stack reserves {reserved_total} concurrent executions, which would leave {left} of the account's "
            f"{quota} unreserved; Lambda keeps at least {UNRESERVED_MINIMUM}. Ask for a higher 'Concurrent "
            f"executions' quota (Service Quotas > AWS Lambda, code L-B99A9384; 1,000 is the usual default), or lower "
            f"AdmissionReservedConcurrency / SaleReadReservedConcurrency / OrderReservedConcurrency "
            f"(AdmissionReservedConcurrency=0 reserves none)")
    if values.get("ApiGatewayAccountRole") == "existing" and not api_account.get("cloudwatchRoleArn"):
        refusals.append(
            f"API Gateway has no CloudWatch role in this account and region, and the stage's access logs need one: "
            f"deploy once with ApiGatewayAccountRole=create (only one stack per account and region should), or set "
            f"one: aws apigateway update-account --patch-operations "
            f"op=replace,path=/cloudwatchRoleArn,value=<role ARN>")
    if refusals:
        for refusal in refusals:
            print(f"check: refused: {refusal}", file=sys.stderr)
        return 4
    print("check: the account takes this stack; nothing was deployed")
    return 0


# ---------------------------------------------------------------- deploy template, WAF patterns

def deploy_template(out):
    """Each function's CodeUri set to its module's newest shaded jar, which sam deploy uploads as it is."""
    template = load_template()
    for logical_id, resource in template["Resources"].items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        module = ROOT / resource["Properties"]["CodeUri"]
        jars = sorted(module.glob("target/*-lambda.jar"), key=lambda jar: jar.stat().st_mtime)
        if not jars:
            print(f"deploy-template: {logical_id}: no {module.relative_to(ROOT)}/target/*-lambda.jar; "
                  "build with ./mvnw -DskipTests package", file=sys.stderr)
            return 2
        resource["Properties"]["CodeUri"] = str(jars[-1])
        resource.get("Metadata", {}).pop("BuildMethod", None)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(template, indent=1))
    print(out)
    return 0


def waf_description_patterns():
    patterns = {}
    for resource_type in ["AWS::WAFv2::IPSet", "AWS::WAFv2::WebACL", "AWS::WAFv2::RuleGroup",
                          "AWS::WAFv2::RegexPatternSet"]:
        schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", resource_type).schema
        description = schema["properties"]["Description"]
        while "$ref" in description:
            description = schema["definitions"][description["$ref"].split("/")[-1]]
        patterns[resource_type] = description["pattern"]
    print(json.dumps(patterns))
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("matrix").add_argument("--out", type=Path, required=True)
    checking = commands.add_parser("check")
    checking.add_argument("--config-env", default="default")
    checking.add_argument("--region")
    checking.add_argument("--parameter", action="append", default=[], metavar="KEY=VALUE")
    checking.add_argument("--recorded", metavar="DIR")
    commands.add_parser("deploy-template").add_argument("--out", type=Path, required=True)
    commands.add_parser("waf-description-patterns")
    arguments = parser.parse_args()
    if arguments.command == "matrix":
        return matrix(arguments.out)
    if arguments.command == "check":
        extra = dict(p.split("=", 1) for p in arguments.parameter)
        return check(arguments.config_env, arguments.region, extra, arguments.recorded)
    if arguments.command == "deploy-template":
        return deploy_template(arguments.out)
    return waf_description_patterns()


if __name__ == "__main__":
    sys.exit(main())
