#!/usr/bin/env bash
# Places orders against the running system (./scripts/start-system.sh) and follows each saga to its
# end, printing every step with its time as it happens:
#   1. a happy-path order            → DELIVERED
#   2. more units than are in stock  → CANCELLED (OUT_OF_STOCK)
#   3. a card that is declined       → CANCELLED (PAYMENT_DECLINED)
#   4. a customer cancellation       → CANCELLED (CUSTOMER_REQUEST)
# Exits 1 naming the order that did not end as expected within FLOW_TIMEOUT_S (default 60).
set -euo pipefail
ORDER_URL="${ORDER_URL:-http://127.0.0.1:8081}"
INVENTORY_URL="${INVENTORY_URL:-http://127.0.0.1:8082}"
TIMEOUT_S="${FLOW_TIMEOUT_S:-60}"

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

place() { # body → order id
  local response status
  response=$(curl -sS -w '\n%{http_code}' -X POST "$ORDER_URL/api/v1/orders" -H 'content-type: application/json' \
    -H "X-Correlation-ID: flow-$(date +%s%N)" --data "$1")
  status=${response##*$'\n'}
  [[ $status == 201 ]] || { echo "POST /api/v1/orders answered $status: ${response%$'\n'*}" >&2; exit 1; }
  printf '%s' "${response%$'\n'*}" | json 'd.orderId'
}

# follow ORDER_ID EXPECTED_STATUS [EXPECTED_REASON]: prints new timeline entries until the order is terminal.
follow() {
  local id=$1 expected=$2 reason=${3:-} shown=0 start=$SECONDS order status count
  while ((SECONDS - start < TIMEOUT_S)); do
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
id=$(place "$(order_body CUST-FLOW-1 '1 Main Street' PROD-001 1 19.99)"); echo "  order $id"
follow "$id" DELIVERED

echo "2. out of stock"
onhand=$(curl -sS "$INVENTORY_URL/api/v1/inventory/PROD-004" | json 'd.onHand') # not 'available': a hold released meanwhile could make that fit
id=$(place "$(order_body CUST-FLOW-2 '1 Main Street' PROD-004 $((onhand + 1)) 9.99)"); echo "  order $id"
follow "$id" CANCELLED OUT_OF_STOCK

echo "3. payment declined"
id=$(place "$(order_body DECLINE-FLOW-3 '1 Main Street' PROD-001 1 19.99)"); echo "  order $id"
follow "$id" CANCELLED PAYMENT_DECLINED

echo "4. customer cancellation (the carrier holds the parcel: address marker HOLD)"
id=$(place "$(order_body CUST-FLOW-4 '9 HOLD Lane' PROD-001 1 19.99)"); echo "  order $id"
start=$SECONDS
until [[ $(curl -sS "$ORDER_URL/api/v1/orders/$id" | json 'd.status') == CONFIRMED ]]; do
  ((SECONDS - start < TIMEOUT_S)) || { echo "  ✘ order $id never confirmed" >&2; exit 1; }
  sleep 0.3
done
code=$(curl -sS -o /dev/null -w '%{http_code}' -X POST "$ORDER_URL/api/v1/orders/$id/cancel" -H 'content-type: application/json' --data '{"reason":"changed my mind"}')
[[ $code == 202 ]] || { echo "  ✘ cancel answered $code" >&2; exit 1; }
follow "$id" CANCELLED CUSTOMER_REQUEST
echo "all four flows ended as expected"
