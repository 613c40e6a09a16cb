//! Text of the auth area in zh-CN and en: sign-in, account, team, roles and errors.

use super::{AuthError, Role};
use crate::i18n::Lang;

texts! {
    login_title = "登录微掌柜" | "Sign in to Zhanggui";
    login_tagline = "订单、客户、库存、财务，一处管好" | "Orders, customers, stock and money in one place";
    username = "用户名" | "Username";
    password = "密码" | "Password";
    login_button = "登录" | "Sign in";
    team_title = "团队" | "Team";
    display_name = "姓名" | "Name";
    role = "角色" | "Role";
    parent_agent = "上级代理" | "Parent agent";
    status = "状态" | "Status";
    active = "正常" | "Active";
    disabled = "已停用" | "Disabled";
    new_user = "添加成员" | "Add a member";
    create_user = "创建" | "Create";
    user_created = "成员已创建" | "Member created";
    reset_password = "重置密码" | "Reset password";
    confirm_reset = "确定为该成员生成一次性密码吗？其所有登录将立即失效。" | "Issue a one-time password for this member? All their sign-ins end now.";
    one_time_title = "一次性密码（仅显示这一次）" | "One-time password (shown only this once)";
    one_time_hint = "请当面或私信告知该成员；首次登录后必须修改。" | "Pass it on in person or privately; it must be changed at the first sign-in.";
    disable = "停用" | "Disable";
    enable = "启用" | "Enable";
    confirm_disable = "确定停用该成员吗？其登录将立即失效，数据会保留。" | "Disable this member? Their sign-ins end now; their data stays.";
    member_disabled = "成员已停用" | "Member disabled";
    member_enabled = "成员已启用" | "Member enabled";
    transfer = "移交客户和订单" | "Hand over customers and orders";
    transfer_to = "移交给" | "Hand over to";
    confirm_transfer = "确定把该成员的全部客户和订单移交给所选代理吗？" | "Hand over all of this member's customers and orders to the chosen agent?";
    no_team = "还没有下级成员" | "No members below you yet";
    account_title = "我的账号" | "My account";
    change_password = "修改密码" | "Change password";
    current_password = "当前密码" | "Current password";
    new_password = "新密码" | "New password";
    password_changed = "密码已修改，其他设备已退出登录" | "Password changed; other devices were signed out";
    must_change_note = "您正在使用一次性密码，请先设置新密码。" | "You are using a one-time password; please choose a new one first.";
    sessions_title = "登录设备" | "Signed-in devices";
    this_device = "本设备" | "This device";
    end_session = "退出该设备" | "Sign out there";
    session_ended = "已退出该设备" | "Signed out on that device";
    signed_in_at = "登录时间" | "Signed in";
    last_seen = "最近使用" | "Last used";
    api_keys_title = "接口密钥（REST API）" | "API keys (REST API)";
    api_keys_hint = "供小程序或其他网店推送订单；每个请求用密钥签名。密钥只显示一次。" | "For a mini-program or another shop to push orders; each request is signed with the secret, which is shown only once.";
    key_name = "用途" | "Name";
    key_scope = "代表" | "Acts for";
    whole_team = "整个团队" | "The whole team";
    create_key = "生成密钥" | "Create key";
    key_created = "密钥已生成（仅显示这一次）" | "Key created (shown only this once)";
    revoke = "吊销" | "Revoke";
    revoked = "已吊销" | "Revoked";
    confirm_revoke = "确定吊销该密钥吗？使用它的系统将无法再推送订单。" | "Revoke this key? Systems using it can no longer push orders.";
    no_keys = "还没有接口密钥" | "No API keys yet";
    @transferred(customers: u64, orders: u64) = format!("已移交 {customers} 位客户、{orders} 个订单"), format!("Handed over {customers} customers and {orders} orders");
}

pub fn role_label(role: Role, lang: Lang) -> &'static str {
    match (role, lang) {
        (Role::Boss, Lang::Zh) => "老板",
        (Role::Agent, Lang::Zh) => "代理",
        (Role::Warehouse, Lang::Zh) => "仓管",
        (Role::Finance, Lang::Zh) => "财务",
        (Role::Boss, Lang::En) => "Boss",
        (Role::Agent, Lang::En) => "Agent",
        (Role::Warehouse, Lang::En) => "Warehouse",
        (Role::Finance, Lang::En) => "Finance",
    }
}

pub fn error_text(e: &AuthError, lang: Lang) -> String {
    match e {
        AuthError::BadCredentials => lang.pick("用户名或密码错误", "Wrong username or password"),
        AuthError::PasswordTooShort { min } => {
            lang.pick(format!("密码至少 {min} 位"), format!("Password must have at least {min} characters"))
        }
        AuthError::PasswordTooLong { max } => {
            lang.pick(format!("密码最多 {max} 位"), format!("Password must have at most {max} characters"))
        }
        AuthError::BadUsername => lang.pick(
            "用户名需为 2–32 位字母、数字、下划线、点或横线",
            "Username must be 2–32 letters, digits, '_', '.' or '-'",
        ),
        AuthError::UsernameTaken => lang.pick("该用户名已被使用", "This username is taken"),
        AuthError::WrongCurrentPassword => lang.pick("当前密码不正确", "The current password is wrong"),
        AuthError::PasswordUnchanged => lang.pick("新密码不能与当前密码相同", "The new password must differ from the current one"),
        AuthError::ParentNotAgent => lang.pick("上级必须是代理", "The parent must be an agent"),
        AuthError::ParentOnlyForAgents => lang.pick("只有代理可以设置上级", "Only agents have a parent agent"),
        AuthError::MustChangePassword => {
            lang.pick("请先修改一次性密码", "Please replace your one-time password first")
        }
        AuthError::CannotDisableSelf => lang.pick("不能停用自己的账号", "You cannot disable your own account"),
        AuthError::TargetNotAgent => lang.pick("只能移交给在职的代理", "Hand over only to an active agent"),
        AuthError::SessionUnknown => lang.pick("该登录已不存在", "That sign-in no longer exists"),
    }
}
