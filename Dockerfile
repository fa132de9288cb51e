# elnode in a container: `elnode run /app/handlers.el --workers auto` as a
# non-root user. Build, then run with your handlers mounted (or COPY them in
# an image built FROM this one):
#
#   docker build -t elnode .
#   docker run --rm -p 8000:8000 -v "$PWD/handlers.el:/app/handlers.el:ro" elnode
#
# Inside a container the handlers must listen on every interface:
#   (elnode-start 'my-handler :port 8000 :host "*")
# The image's own /app/handlers.el is such a hello handler, for a first try.

# --- build: compile the TypeScript, keep only the runtime dependencies ------
FROM node:20-slim AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.json ./
# The build bundles src/ and runs the bundle once (bin/elnode, stdlib/, lisp/)
# to make its code cache.
COPY src ./src
COPY scripts ./scripts
COPY bin ./bin
COPY stdlib ./stdlib
COPY lisp ./lisp
RUN npm ci --no-audit --no-fund && npm run build && npm prune --omit=dev --no-audit --no-fund

# --- run ----------------------------------------------------------------------
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /opt/elnode
COPY --from=build /src/package.json ./
COPY --from=build /src/node_modules ./node_modules
COPY --from=build /src/dist ./dist
COPY bin ./bin
COPY stdlib ./stdlib
COPY lisp ./lisp
RUN ln -s /opt/elnode/bin/elnode /usr/local/bin/elnode \
 && mkdir -p /app \
 && printf '%s\n' \
    ';;; -*- lexical-binding: t -*-' \
    ';; Replace this file: mount your own handlers.el on /app/handlers.el.' \
    '(defun hello-handler (httpcon)' \
    '  (elnode-http-start httpcon 200 (quote ("Content-Type" . "text/plain")))' \
    '  (elnode-http-return httpcon (format "Hello from elnode, worker %s\n" (getenv "ELNODE_WORKER"))))' \
    '(elnode-start (quote hello-handler) :port 8000 :host "*")' \
    > /app/handlers.el \
 && chown -R node:node /app
# The node image's unprivileged user (uid 1000); nothing under /opt/elnode is writable by it.
USER node
WORKDIR /app
EXPOSE 8000
# Workers drain on SIGTERM (docker stop): give them the 5 s they may use, plus a margin.
STOPSIGNAL SIGTERM
CMD ["elnode", "run", "/app/handlers.el", "--workers", "auto"]
