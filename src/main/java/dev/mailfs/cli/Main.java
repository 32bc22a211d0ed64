package dev.mailfs.cli;
public class Main { public static void main(String[] a) {} }
