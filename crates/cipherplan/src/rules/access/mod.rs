//! Rules on access paths: bastion, ECS Exec, public exposure.
