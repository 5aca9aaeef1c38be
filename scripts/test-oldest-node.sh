#!/usr/bin/env bash
# Runs the command-line tests under the oldest Node that package.json's "engines" allows (">=22.13":
# Node 22.13.0), as well as the Node 24 the project's own scripts use: ar promises to run there.
# Node's binary comes from the npm registry (the node-linux-<arch> package), into a temporary folder.
# The other tests run TypeScript sources in workers and child processes, which needs Node 24.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(node -p "require('./package.json').engines.node.replace(/^>=\s*/, '').split('.').concat(['0', '0']).slice(0, 3).join('.')")
arch=$(node -p process.arch)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
(cd "$dir" && npm pack --silent "node-linux-$arch@$version" >/dev/null && tar xzf ./*.tgz)
oldest="$dir/package/bin/node"
echo "command-line tests under Node $("$oldest" --version)"
"$oldest" node_modules/vitest/vitest.mjs run test/cli
