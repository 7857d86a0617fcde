#!/usr/bin/env bash
# Places orders against the running system (./scripts/start-system.sh) and follows each saga to its
# end, printing every step with its time as it happens:
#   1. a happy-path order            → DELIVERED
#   2. more units than are in stock  → CANCELLED (OUT_OF_STOCK)
#   3. a card that is declined       → CANCELLED (PAYMENT_DECLINED)
#   4. a customer cancellation       → CANCELLED (CUSTOMER_REQUEST)
# Exits 1 naming the order that did not end as expected within FLOW_TIMEOUT_S (default 60).
# Requests take turns over every order-service instance (no load balancer runs in front of them), so
# an order placed on one instance is followed and cancelled through the others: ORDER_URLS (comma-
# separated) or ORDER_URL (one) when set, else every instance of the running system's topology.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/infrastructure/native/lib/common.sh"
load_stack_env # stack.env with .local/run/topology.env over it: SERVICE_REPLICAS, the ports

order_urls=()
if [[ -n ${ORDER_URLS:-} ]]; then
  IFS=',' read -r -a order_urls <<<"${ORDER_URLS// /}"
elif [[ -n ${ORDER_URL:-} ]]; then
  order_urls=("$ORDER_URL")
else
  for ((n = 1; n <= ${SERVICE_REPLICAS:-1}; n++)); do
    order_urls+=("http://127.0.0.1:$(instance_port "$ORDER_SERVICE_PORT" "$n")")
  done
fi
for i in "${!order_urls[@]}"; do [[ -n ${order_urls[i]} ]] || unset 'order_urls[i]'; done
order_urls=("${order_urls[@]}")
((${#order_urls[@]} > 0)) || die "ORDER_URLS lists no URL"
((${#order_urls[@]} == 1)) || echo "order service: ${order_urls[*]} (requests take turns)"
INVENTORY_URL="${INVENTORY_URL:-http://127.0.0.1:$INVENTORY_SERVICE_PORT}"
TIMEOUT_S="${FLOW_TIMEOUT_S:-60}"

# Sets ORDER_URL to the next instance in turn. It runs in this shell, never in $(...): a subshell's
# turn would be forgotten and every request would go to the same instance.
turn=0
next_order_url() {
  ORDER_URL=${order_urls[turn % ${#order_urls[@]}]%/}
  turn=$((turn + 1))
}

# json EXPR: evaluates a JS expression over the JSON on stdin (as `d`); node is already a prerequisite.
json() { node -e 'let s="";process.stdin.on("data",c=>s+=c).on("end",()=>{const d=JSON.parse(s);const v=eval(process.argv[1]);console.log(typeof v==="object"?JSON.stringify(v):v)})' "$1"; }

order_body() { # customerId address productId quantity unitPrice
  local total
  total=$(node -e "console.log((Math.round($5*100)*$4/100).toFixed(2))")
  cat <<JSON
{"customerInfo":{"customerId":"$1","firstName":"Ada","lastName":"Lovelace","email":"ada@example.com","phone":"+44-20-5550-0101",
 "address":"$2","city":"London","state":"LND","zipCode":"EC1A 1BB"},
 "orderItems":[{"productId":"$3","quantity":$4,"unitPrice":$5}],"totalAmount":$total}
JSON
}

place() { # url body → order id
  local response status
  response=$(curl -sS -w '\n%{http_code}' -X POST "$1/api/v1/orders" -H 'content-type: application/json' \
    -H "X-Correlation-ID: flow-$(date +%s%N)" --data "$2")
  status=${response##*$'\n'}
  [[ $status == 201 ]] || { echo "POST $1/api/v1/orders answered $status: ${response%$'\n'*}" >&2; exit 1; }
  printf '%s' "${response%$'\n'*}" | json 'd.orderId'
}

# follow ORDER_ID EXPECTED_STATUS [EXPECTED_REASON]: prints new timeline entries until the order is terminal.
follow() {
  local id=$1 expected=$2 reason=${3:-} shown=0 start=$SECONDS order status count
  while ((SECONDS - start < TIMEOUT_S)); do
    next_order_url
    order=$(curl -sS "$ORDER_URL/api/v1/orders/$id")
    count=$(printf '%s' "$order" | json 'd.timeline.length')
    if ((count > shown)); then
      printf '%s' "$order" | json "d.timeline.slice($shown).map(e => '  ' + e.occurredAt.slice(11, 23) + '  ' + e.type.padEnd(32) + e.producer).join('\n')"
      shown=$count
    fi
    status=$(printf '%s' "$order" | json 'd.status')
    if [[ $status == DELIVERED || $status == CANCELLED ]]; then
      local got_reason
      got_reason=$(printf '%s' "$order" | json '(d.cancellation && d.cancellation.reason) || ""')
      if [[ $status == "$expected" && ${got_reason:-} == "$reason" ]]; then echo "  ✔ $status${reason:+ ($reason)}"; return 0; fi
      echo "  ✘ order $id ended $status${got_reason:+ ($got_reason)}, expected $expected${reason:+ ($reason)}" >&2; exit 1
    fi
    sleep 0.3
  done
  echo "  ✘ order $id did not finish within ${TIMEOUT_S}s (last status $status)" >&2
  exit 1
}

echo "1. happy path"
next_order_url
id=$(place "$ORDER_URL" "$(order_body CUST-FLOW-1 '1 Main Street' PROD-001 1 19.99)"); echo "  order $id"
follow "$id" DELIVERED

echo "2. out of stock"
onhand=$(curl -sS "$INVENTORY_URL/api/v1/inventory/PROD-004" | json 'd.onHand') # not 'available': a hold released meanwhile could make that fit
next_order_url
id=$(place "$ORDER_URL" "$(order_body CUST-FLOW-2 '1 Main Street' PROD-004 $((onhand + 1)) 9.99)"); echo "  order $id"
follow "$id" CANCELLED OUT_OF_STOCK

echo "3. payment declined"
next_order_url
id=$(place "$ORDER_URL" "$(order_body DECLINE-FLOW-3 '1 Main Street' PROD-001 1 19.99)"); echo "  order $id"
follow "$id" CANCELLED PAYMENT_DECLINED

echo "4. customer cancellation (the carrier holds the parcel: address marker HOLD)"
next_order_url
id=$(place "$ORDER_URL" "$(order_body CUST-FLOW-4 '9 HOLD Lane' PROD-001 1 19.99)"); echo "  order $id"
start=$SECONDS
until next_order_url && [[ $(curl -sS "$ORDER_URL/api/v1/orders/$id" | json 'd.status') == CONFIRMED ]]; do
  ((SECONDS - start < TIMEOUT_S)) || { echo "  ✘ order $id never confirmed" >&2; exit 1; }
  sleep 0.3
done
next_order_url
code=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$ORDER_URL/api/v1/orders/$id/cancel" -H 'content-type: application/json' --data '{"reason":"changed my mind"}')
[[ $code == 202 ]] || { echo "  ✘ cancel answered $code" >&2; exit 1; }
follow "$id" CANCELLED CUSTOMER_REQUEST
echo "all four flows ended as expected"
