#!/usr/bin/env bash
# Installs the Node comparison server's dependencies exactly as package-lock.json pins them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
npm ci --no-audit --no-fund --loglevel=error >/dev/null
echo "node $(node --version), socket.io $(node -p "require('socket.io/package.json').version")"
