# Sourced by the run and test scripts: bun from .tools, and Reflex told to use it.
PROJECT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$PROJECT_DIR/.tools/node_modules/.bin:$PROJECT_DIR/.venv/bin:$PATH"
export REFLEX_USE_SYSTEM_BUN=1
export PYTHONPATH="$PROJECT_DIR${PYTHONPATH:+:$PYTHONPATH}"
