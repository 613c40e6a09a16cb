//! After-sales (O2): the kinds, the state flow and the refund cap. Pure rules.
//!
//! 申请 requested → 同意 approved / 拒绝 rejected; a return or exchange then waits for its goods
//! (退货入库 returned); a return or a refund-only request ends with the refund (退款完成
//! refunded). An exchange ends when its goods are back (the replacement is a new order).

use super::logic::FulfilError;
use crate::i18n::Lang;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AfterSaleKind {
    #[default]
    Return,
    Exchange,
    RefundOnly,
}

text_codes!(AfterSaleKind { Return = "return", Exchange = "exchange", RefundOnly = "refund_only" });

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AfterSaleState {
    Requested,
    Approved,
    Rejected,
    Returned,
    Refunded,
}

text_codes!(AfterSaleState { Requested = "requested", Approved = "approved", Rejected = "rejected", Returned = "returned", Refunded = "refunded" });

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AfterSaleAction {
    Approve,
    Reject,
    /// The goods came back into the warehouse.
    ReceiveReturn,
    /// The money went back to the customer.
    Refund,
}

text_codes!(AfterSaleAction { Approve = "approve", Reject = "reject", ReceiveReturn = "receive_return", Refund = "refund" });

impl AfterSaleKind {
    pub fn label(self, lang: Lang) -> &'static str {
        super::text::kind_label(self, lang)
    }

    /// Whether goods come back.
    pub fn returns_goods(self) -> bool {
        self != AfterSaleKind::RefundOnly
    }
}

impl AfterSaleState {
    pub fn label(self, lang: Lang) -> &'static str {
        super::text::state_label(self, lang)
    }

    /// Still in progress (its refund amount is reserved against what was paid).
    pub fn is_open(self) -> bool {
        matches!(self, AfterSaleState::Requested | AfterSaleState::Approved | AfterSaleState::Returned)
    }
}

/// The state after `action`, or a refusal naming the state and the action.
pub fn next_state(kind: AfterSaleKind, state: AfterSaleState, action: AfterSaleAction) -> Result<AfterSaleState, FulfilError> {
    use AfterSaleAction as A;
    use AfterSaleKind as K;
    use AfterSaleState as S;
    match (action, state, kind) {
        (A::Approve, S::Requested, _) => Ok(S::Approved),
        (A::Reject, S::Requested, _) => Ok(S::Rejected),
        (A::ReceiveReturn, S::Approved, K::Return | K::Exchange) => Ok(S::Returned),
        (A::Refund, S::Approved, K::RefundOnly) | (A::Refund, S::Returned, K::Return) => Ok(S::Refunded),
        _ => Err(FulfilError::AfterSaleBadStep { state, action }),
    }
}

/// The actions that apply to a request now.
pub fn actions(kind: AfterSaleKind, state: AfterSaleState) -> Vec<AfterSaleAction> {
    AfterSaleAction::ALL.into_iter().filter(|a| next_state(kind, state, *a).is_ok()).collect()
}

/// What may still be refunded on an order: paid, less refunds made and refunds requested
/// by other open requests. A request (or refund) above it is refused.
pub fn check_refund(asked_fen: i64, paid_fen: i64, refunded_fen: i64, pending_fen: i64) -> Result<(), FulfilError> {
    let left = (paid_fen - refunded_fen - pending_fen).max(0);
    if asked_fen < 0 || asked_fen > left {
        return Err(FulfilError::RefundOverPaid { asked_fen, left_fen: left });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use AfterSaleAction as A;
    use AfterSaleKind as K;
    use AfterSaleState as S;

    #[test]
    fn flows() {
        assert_eq!(next_state(K::Return, S::Requested, A::Approve), Ok(S::Approved));
        assert_eq!(next_state(K::Return, S::Approved, A::ReceiveReturn), Ok(S::Returned));
        assert_eq!(next_state(K::Return, S::Returned, A::Refund), Ok(S::Refunded));
        assert_eq!(next_state(K::RefundOnly, S::Approved, A::Refund), Ok(S::Refunded));
        assert_eq!(next_state(K::Exchange, S::Approved, A::ReceiveReturn), Ok(S::Returned));
        assert_eq!(next_state(K::Exchange, S::Returned, A::Refund), Err(FulfilError::AfterSaleBadStep { state: S::Returned, action: A::Refund }));
        assert_eq!(next_state(K::RefundOnly, S::Approved, A::ReceiveReturn), Err(FulfilError::AfterSaleBadStep { state: S::Approved, action: A::ReceiveReturn }));
        assert_eq!(next_state(K::Return, S::Rejected, A::Approve), Err(FulfilError::AfterSaleBadStep { state: S::Rejected, action: A::Approve }));
        assert_eq!(actions(K::Return, S::Requested), vec![A::Approve, A::Reject]);
        assert_eq!(actions(K::Return, S::Refunded), vec![]);
    }

    #[test]
    fn refund_cap() {
        // Paid ¥100.00, ¥30.00 refunded, ¥20.00 asked by another open request: ¥50.00 left.
        assert_eq!(check_refund(5000, 10000, 3000, 2000), Ok(()));
        assert_eq!(check_refund(5001, 10000, 3000, 2000), Err(FulfilError::RefundOverPaid { asked_fen: 5001, left_fen: 5000 }));
        assert_eq!(check_refund(1, 0, 0, 0), Err(FulfilError::RefundOverPaid { asked_fen: 1, left_fen: 0 }));
        assert_eq!(check_refund(0, 0, 0, 0), Ok(()));
    }
}
