/** Usage of the `pxmysql` executable. */
export const CLI_USAGE = `Usage: pxmysql <command> [options]

Commands:
  serve [--no-worker]      Run the Slack app and a job worker (configured by environment variables).
  worker                   Run a job worker only.
  lab [--http] [--no-demo] [--once]
                           Start the lab on loopback: Redis, a Kubernetes API with Portworx, a
                           stand-in for Slack and the bot. It then runs "/pxmysql status" as the
                           lab user oncall (unless --no-demo) and keeps running until Ctrl-C
                           (--once: exit after that job, with its exit code). --http delivers
                           commands as signed HTTP requests instead of Socket Mode.
  lab send --as USER [--channel NAME_OR_ID] [--json] [--timeout SECONDS] "/pxmysql ..."
                           Type a command in the running lab's #ops channel (or --channel) as USER
                           (oncall, approver, admin, viewer) and print the bot's messages until its
                           job ends.
  lab click --as USER [--channel NAME_OR_ID] [--json] ACTION
                           Press the button ACTION (action id or label) on the newest message
                           that has it, as USER, and print the replies for 3 s. Exits 1 when the
                           bot replies with an error.
  lab messages [--channel NAME_OR_ID] [--since SECONDS] [--follow] [--json]
                           Print the messages of #ops (or --channel, such as an inc-… incident
                           channel) with their thread replies; --since: only threads with a message
                           posted or edited in the last SECONDS; --follow (-f): then print new
                           messages, replies and updates until Ctrl-C; --json: one raw message,
                           then one raw event, per line.
  lab node down|up NODE    Take a lab node down (its MySQL server is killed, the node turns NotReady
                           and its pods are evicted after a timeout) or bring it back.
  lab reset                Return the running lab to its default cluster and sample database.
  help                     Show this text.

With no command, pxmysql runs "serve" when Slack is configured (SLACK_BOT_TOKEN) and "lab" otherwise.
The lab keeps its files in ./.pxmysql-lab (or PXMYSQL_LAB_DIR); see README.md for all variables.`;
