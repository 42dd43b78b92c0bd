/// The template whose documents raise an alarm once triggered.
pub const ALARM_TEMPLATE: &str = "emergency-response";

/// Whether a document in `state` is an alarm everyone who may read it must
/// see at once on their home screen: an emergency plan that was triggered.
pub fn is_alarm(template_id: &str, state: &str) -> bool {
    template_id == ALARM_TEMPLATE && state == "active"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::find_template;

    #[test]
    fn only_a_triggered_emergency_plan_is_an_alarm() {
        let plan = find_template("emergency-response").unwrap();
        let alarms: Vec<_> = plan
            .workflow
            .states
            .iter()
            .filter(|s| is_alarm(plan.id.0, s.id))
            .map(|s| s.id)
            .collect();
        assert_eq!(alarms, ["active"]);
        assert!(!is_alarm("task-tracker", "active"));
    }
}
