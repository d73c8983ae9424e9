# Production image of the pxmysql bot (`pxmysql serve` or `pxmysql worker`). Node.js 20 is past its
# end of life, so the image uses Node.js 22 LTS; the code also runs on 20.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY bin ./bin
COPY src ./src
COPY commands ./commands
COPY jobs ./jobs
RUN npm ci --no-audit --no-fund && npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/bin ./bin
COPY --from=build /app/dist ./dist
USER node
ENTRYPOINT ["node", "bin/pxmysql.js"]
CMD ["serve"]
