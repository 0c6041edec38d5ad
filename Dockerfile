# The newest Node LTS (26); the API also runs on 22 and 24 (package.json `engines`).
FROM node:26-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000 DATA_DIR=/app/data
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json drizzle.config.ts ./
COPY src ./src
COPY public ./public
COPY drizzle ./drizzle
COPY reference ./reference
COPY scripts ./scripts
# The code stays root-owned and read-only to the server; only the embedded database's folder is
# writable. A named volume mounted there starts with this owner; a bind mount must be writable by uid 1000.
RUN mkdir -p "$DATA_DIR" && chown node:node "$DATA_DIR"
USER node
EXPOSE 3000
# Reads PORT when it runs, so a container started with another PORT is still checked where it listens.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT}/ready`).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# The server itself, not npm: stopping the container signals this process, which finishes in-flight
# requests and closes the database; npm would exit on the signal and leave the server to be killed.
CMD ["node", "--import", "tsx", "src/server.ts"]
