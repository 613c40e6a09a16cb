//! Server functions of the customers area: caller → service → DTO.
