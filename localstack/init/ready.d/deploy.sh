#!/usr/bin/env bash
# LocalStack ready hook: package and deploy template.yaml as stack "antipop" (runs inside the container).
set -euo pipefail
cd /antipop
awslocal s3 mb s3://antipop-artifacts >/dev/null 2>&1 || true
awslocal cloudformation package \
  --template-file template.yaml \
  --s3-bucket antipop-artifacts \
  --output-template-file /tmp/antipop-packaged.yaml
awslocal cloudformation deploy \
  --template-file /tmp/antipop-packaged.yaml \
  --stack-name antipop \
  --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND \
  --parameter-overrides Stage=dev
awslocal cloudformation describe-stacks --stack-name antipop --query 'Stacks[0].Outputs'
